"""The rule book compiled once for extraction: cue patterns over its lexicons and the grammar's word sets."""

from __future__ import annotations

from dataclasses import dataclass

import regex

from checker.errors import Located, RuleError
from checker.extract.triggers import TriggerIndex
from checker.rulebook import FLAGS, Family, Measure, Rulebook, Unit, compile_words, word_gated

# lexicons of rules/_grammar.yaml and rules/_shared.yaml the extractor reads; a rules folder without
# one of them is a rule error, named here rather than found missing in the middle of a run
NEEDED_LEXICONS = (
    "people_nouns", "not_counted", "attribution_verbs", "planned_cues", "estimate_cues", "projection_cues",
    "revision_cues", "link_fillers", "noun_group_stops", "bare_after", "not_noun_start", "irregular_participles",
    "part_cues", "part_lead", "exchange_cues", "exchange_context", "member_determiners", "definite_determiners",
    "another_cues", "of_determiners", "after_name_age", "fronted_place_preps", "place_preps", "date_openers",
    "date_opener_modifiers", "calendar_words", "not_modifier_after_name", "citizenship_leads", "citizenship_nouns",
    "day_ordinals", "day_of_leads", "speech_after", "speech_inverted", "speech_subject", "speech_clause",
    "figure_nouns", "anaphoric_figures", "anaphoric_level_verbs",
    "speech_auxiliaries", "clause_conjunctions", "speaker_trailing_adverbs",
    "speaker_trailing_determiners", "not_speakers", "speaker_pronouns", "name_leaders", "name_particles",
    "not_as_of_before", "period_leads", "comparison_leads", "time_clause_leads", "time_clause_subjects",
    "wrong_figure_words",
    "as_of_preps", "as_of_markers", "event_names",
    "event_relatives",
    "pronoun_event_verbs",
    "articled_duration_units", "articled_duration_before", "articled_duration_after", "articled_duration_not_before",
    "elapsed_anchor_preps", "elapsed_anchor_skips",
    "rough_ago_units",
    "rough_ago_words",
    "capability_cues", "legal_limit_cues",
    "body_process_verbs",
    "body_nouns",
    "body_process_nouns",
    "weight_words",
    "group_nouns",
    "increment_after", "change_up_verbs", "change_down_verbs", "place_kinds", "rate_time_units",
    "emphatic_hedges", "emphatic_doubts", "present_level_cues",
    "small_number_words", "dimension_adjectives", "entity_stops", "distance_leads", "compass_points",
    "reading_fillers", "passive_auxiliaries", "furniture_verbs",
    "copulas", "auxiliaries", "subject_adverbs", "subject_links", "subset_pronouns", "subset_leads",
    "subset_inline_leads", "fronted_whole_leads", "include_verbs", "pronoun_death_contexts", "negations",
    "superseded_leads", "earlier_words", "report_verbs", "change_verbs", "not_subjects", "state_verbs",
    "incident_nouns", "day_parts", "put_verbs", "victim_nouns", "perpetrator_nouns", "reflexive_deaths",
    "intransitive_deaths", "implicit_auxiliaries", "implicit_adverbs", "named_victims", "address_nouns",
    "age_words", "unit_fillers", "coordinators", "restating_hedges", "reciprocals", "road_words", "relative_openers",
    "other_incident_cues", "other_incident_toll_cues",
    "negotiation_nouns", "negotiation_verbs", "negotiation_cue_verbs", "negotiation_fillers",
    "wound_verbs", "wound_nouns", "fatal_wounds", "pronoun_clause_leads", "victim_pair_words", "shot_deaths",
    "shot_survivals", "age_list_leads", "list_separators", "wound_participles", "law_enforcement_nouns",
    "return_fire_verbs", "fire_at_verbs", "firing_cues", "not_perpetrators", "injured_then_dead",
    "prior_participles", "victim_of_leads", "named_death_words", "naming_adverbs", "subject_determiners",
    "tally_nouns", "tally_periods", "interval_units", "self_presented", "ordinal_persons", "member_heads",
    "apposed_heads", "agent_clause_words", "hit_verbs", "hit_times", "body_parts",
    "parent_nouns", "kin_having", "kin_nouns", "attempt_words", "clause_openers",
    "agent_verbs", "rank_words", "series_words", "neutral_victim_nouns", "game_clock_words",
    "tally_leads", "follow_verbs", "agent_participles", "court_words", "bring_verbs", "partial_list_leads",
    "place_name_ends", "spared_verbs", "unhurt_words",
)  # fmt: skip

IMPLICIT = "implicit"  # the trigger of implicit counts' words, beside the measures' in the trigger index
# a name of a side, a team, a firm or a person: up to four capitalised words ("Norvik Steel", "Port of Lund")
_NAME = r"\p{Lu}[\p{L}\-]+(?:\s+(?:of\s+)?\p{Lu}[\p{L}\-]+){0,3}"
TOKEN = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}'’\-]*")


@dataclass(frozen=True, eq=False)
class Cues:
    """Patterns over the rule book's lexicons that the linking and frame steps read."""

    people: regex.Pattern[str]
    nationality: regex.Pattern[str]
    population: regex.Pattern[str]
    condition_after: regex.Pattern[str]
    planned: regex.Pattern[str]
    estimate: regex.Pattern[str]
    projection: regex.Pattern[str]
    revision: regex.Pattern[str]
    not_counted: regex.Pattern[str]
    speech: regex.Pattern[str]
    # grammar
    part_cue: regex.Pattern[str]
    part_before: regex.Pattern[str]
    exchange_cue: regex.Pattern[str]
    exchange_context: regex.Pattern[str]
    one_of: regex.Pattern[str]
    definite: regex.Pattern[str]
    another: regex.Pattern[str]
    of_det: regex.Pattern[str]
    out_of: regex.Pattern[str]
    age_after_name: regex.Pattern[str]
    fronted: regex.Pattern[str]
    date_opener: regex.Pattern[str]
    rough_ago: regex.Pattern[str]
    capability: regex.Pattern[str]
    legal_limit: regex.Pattern[str]
    money_rate: regex.Pattern[str]
    emphatic_doubt: regex.Pattern[str]
    present_level: regex.Pattern[str]
    body_process_after: regex.Pattern[str]
    body_process_before: regex.Pattern[str]
    body_process_verb_before: regex.Pattern[str]
    body_part_after: regex.Pattern[str]
    weight_context: regex.Pattern[str]
    increment: regex.Pattern[str]
    change_by: regex.Pattern[str]
    place: regex.Pattern[str]
    place_with: regex.Pattern[str]
    negotiation: regex.Pattern[str]
    party_from: regex.Pattern[str]
    party_subject: regex.Pattern[str]
    party_right_before: regex.Pattern[str]
    party_gapped: regex.Pattern[str]
    modified_noun: regex.Pattern[str]
    citizenship: regex.Pattern[str]
    day_of: regex.Pattern[str]
    according: regex.Pattern[str]
    said_after: regex.Pattern[str]
    said_inverted: regex.Pattern[str]
    subject_verb: regex.Pattern[str]
    clause_subject_verb: regex.Pattern[str]
    leading_conjunction: regex.Pattern[str]
    trailing_adverb: regex.Pattern[str]
    trailing_determiner: regex.Pattern[str]
    not_before_date: regex.Pattern[str]
    since_clause: regex.Pattern[str]
    compared_clause: regex.Pattern[str]
    time_clause: regex.Pattern[str]
    said_wrong: regex.Pattern[str]
    as_of_prep: regex.Pattern[str]
    as_of_marker: regex.Pattern[str]
    event_name_after: regex.Pattern[str]
    event_relative: regex.Pattern[str]
    pronoun_event: regex.Pattern[str]
    anaphoric_figure: regex.Pattern[str]
    articled_duration: regex.Pattern[str]
    elapsed_anchor: regex.Pattern[str]
    count_before: regex.Pattern[str]
    name_before: regex.Pattern[str]
    distance_from: regex.Pattern[str]
    copula_noun: regex.Pattern[str]
    copula_list: regex.Pattern[str]
    subject_link: regex.Pattern[str]
    subset_after: regex.Pattern[str]
    of_the_group: regex.Pattern[str]
    group_died: regex.Pattern[str]
    subset_lead: regex.Pattern[str]
    subset_inline: regex.Pattern[str]
    fronted_whole: regex.Pattern[str]
    group_lead: regex.Pattern[str]
    fronted_part: regex.Pattern[str]
    place_in: regex.Pattern[str]
    subset_rest: regex.Pattern[str]
    superseded_before: regex.Pattern[str]
    superseded_after: regex.Pattern[str]
    negation_before: regex.Pattern[str]
    changed_from: regex.Pattern[str]
    place_after: regex.Pattern[str]
    parallel_gap: regex.Pattern[str]
    breakdown_gap: regex.Pattern[str]
    figure_of: regex.Pattern[str]
    from_to: regex.Pattern[str]
    incident_date: regex.Pattern[str]
    put_at: regex.Pattern[str]
    brought_to: regex.Pattern[str]
    street_block: regex.Pattern[str]
    road_number: regex.Pattern[str]
    closed_predicate: regex.Pattern[str]
    conjunct: regex.Pattern[str]
    clause_opener: regex.Pattern[str]
    game_clock: regex.Pattern[str]
    neutral_victims: regex.Pattern[str]
    agent_after: regex.Pattern[str]
    rank_before: regex.Pattern[str]
    fire_at_before: regex.Pattern[str]
    agent_by: regex.Pattern[str]
    series_before: regex.Pattern[str]
    series_after: regex.Pattern[str]
    attempted: regex.Pattern[str]
    kin_parent: regex.Pattern[str]
    kin_having: regex.Pattern[str]
    kin_noun_after: regex.Pattern[str]
    relative_after: regex.Pattern[str]
    dash_aside: regex.Pattern[str]
    comma_aside: regex.Pattern[str]
    other_incident: regex.Pattern[str]
    other_incident_toll: regex.Pattern[str]
    period_tally: regex.Pattern[str]
    tally_lead: regex.Pattern[str]
    follows_other: regex.Pattern[str]
    court: regex.Pattern[str]
    tally_after: regex.Pattern[str]
    interval_after: regex.Pattern[str]
    reciprocal: regex.Pattern[str]
    unit_words: regex.Pattern[str]
    coordinator: regex.Pattern[str]
    restated: regex.Pattern[str]
    age_copula: regex.Pattern[str]
    any_speech: regex.Pattern[str]
    any_modality: regex.Pattern[str]
    implicit_gate: regex.Pattern[str]
    implicit_passive: regex.Pattern[str]
    implicit_active: regex.Pattern[str]
    implicit_relative: regex.Pattern[str]
    implicit_nominal: regex.Pattern[str]
    negated_count: regex.Pattern[str]
    victim_more: regex.Pattern[str]
    list_victim_after: regex.Pattern[str]
    list_victim_before: regex.Pattern[str]
    partial_list_lead: regex.Pattern[str]
    partial_list_after: regex.Pattern[str]
    as_clause_before: regex.Pattern[str]
    elliptic_victim: regex.Pattern[str]
    figure_unhurt: regex.Pattern[str]
    finite_after: regex.Pattern[str]
    implicit_left: regex.Pattern[str]
    pronoun_death_context: regex.Pattern[str]
    implicit_pair: regex.Pattern[str]
    reflexive_death: regex.Pattern[str]
    police_fire: regex.Pattern[str]
    not_perpetrator: regex.Pattern[str]
    multiple_incident: regex.Pattern[str]
    victims_named: regex.Pattern[str]
    victim_ordinal: regex.Pattern[str]
    only_dead: regex.Pattern[str]
    headline_victim: regex.Pattern[str]
    earlier_state: regex.Pattern[str]
    fatal_wound: regex.Pattern[str]
    wound_participle: regex.Pattern[str]
    implicit_apposed: regex.Pattern[str]
    implicit_both: regex.Pattern[str]
    implicit_plus: regex.Pattern[str]
    shot_outcome: regex.Pattern[str]
    injured_then_dead: regex.Pattern[str]
    outcome_stop: regex.Pattern[str]
    victim_of_fatal: regex.Pattern[str]
    age_list_lead: regex.Pattern[str]
    age_list_head: regex.Pattern[str]
    list_gap: regex.Pattern[str]
    age_list_tail: regex.Pattern[str]
    victims_before: regex.Pattern[str]
    perpetrator: regex.Pattern[str]
    victim_noun: regex.Pattern[str]


@dataclass(frozen=True, eq=False)
class Words:
    """Word sets of the grammar (lower case)."""

    fillers: frozenset[str]
    np_stop: frozenset[str]
    bare_after: frozenset[str]
    not_noun_start: frozenset[str]
    irregular: frozenset[str]
    calendar: frozenset[str]
    name_leaders: frozenset[str]
    not_speakers: frozenset[str]
    speaker_pronouns: frozenset[str]
    dimension_adjectives: frozenset[str]
    entity_stops: frozenset[str]  # words that end the noun an attribute belongs to
    reading_fillers: frozenset[str]
    passive_auxiliaries: frozenset[str]
    furniture_verbs: frozenset[str]
    not_subjects: frozenset[str]
    emphatic_hedges: frozenset[str] = frozenset()
    # the last word of a name of a place or a body, not a person ("West North Avenue", "Harlow Police")
    name_heads: frozenset[str] = frozenset()
    whole_populations: tuple[frozenset[str], ...] = ()  # population groups that together are everyone
    # where a place's name read from a title-case headline ends: "In Athens Bank Fire Amid Strike" is Athens Bank
    place_ends: frozenset[str] = frozenset()


@dataclass(frozen=True, eq=False)
class CompiledRules:
    """A rule book ready for `extract_article`: built once, shared by every article (and picklable, so a
    process pool receives it instead of reading the rules folder again)."""

    book: Rulebook
    cues: Cues
    words: Words
    families: tuple[Family, ...]
    measures: tuple[Measure, ...]
    order: dict[str, int]  # family id -> position, the tie-break between families
    family: dict[str, Family]
    nationality_map: dict[str, str]
    population_map: dict[str, str]
    condition_map: dict[str, str]
    entity_map: dict[str, str]
    units: dict[str, Unit]
    scales: dict[str, tuple[str, float]]
    triggers: TriggerIndex  # which measures' predicates may occur in a sentence
    measure: dict[str, Measure]
    rank: dict[str, int]  # measure id -> position in the rule book, the tie-break between measures
    counting: frozenset[str]  # measures of families that count people or things: their predicates end noun groups
    by_counts: dict[str, tuple[Family, ...]]  # families by what they count, in rule-book order


def compile_rules(book: Rulebook) -> CompiledRules:
    """Compile `book` for extraction; RuleError when a lexicon the extractor reads is missing."""
    missing = [n for n in NEEDED_LEXICONS if n not in book.lexicons]
    if missing:
        where = book.paths[0].rsplit("/", 1)[0] if book.paths else "rules"
        raise RuleError([Located(where, None, None, f"lexicons the extractor reads are missing: "
                                                     f"{', '.join(missing)} (see rules/_grammar.yaml)")])  # fmt: skip
    lex = book.lexicons

    def words(name: str) -> list[str]:
        return lex.get(name, []) or ["\uffff"]  # an unmatchable word keeps a pattern valid

    def pattern(body: str, flags: int = FLAGS) -> regex.Pattern[str]:
        used = set(regex.findall(r"\\L<(\w+)>", body))
        return word_gated(regex.compile(body, flags, **{k: words(k) for k in used}))

    nat_map = book.maps.get("nationality", {})
    implicit_verbs = sorted(book.maps.get("implicit_measure", {})) or ["\uffff"]  # the verbs of an implicit count
    pop_map = book.maps.get("population", {})
    condition_map = book.maps.get("condition", {})
    # every word an implicit count needs: a sentence with none of them implies no count
    implicit_words = sorted(
        {*book.maps.get("implicit_measure", {}), *book.maps.get("implicit_active_measure", {}),
         *book.maps.get("incident_count", {}), *book.maps.get("implicit_nominal_measure", {}),
         *lex.get("reflexive_deaths", []), *book.maps.get("negated_nouns", {}), *lex.get("wound_verbs", []),
         *lex.get("hit_verbs", []), *lex.get("victim_pair_words", []), *lex.get("self_presented", []),
         "identified", "named", "to die", "dies", "the only"}
    ) or ["\uffff"]  # fmt: skip
    cues = Cues(
        people=compile_words(words("people_nouns")),
        nationality=word_gated(
            regex.compile(r"\b\L<w>\b", FLAGS, w=sorted(nat_map, key=len, reverse=True) or ["\uffff"])
        ),
        population=compile_words(sorted(pop_map) or ["\uffff"]),
        # "30 people in critical condition", "left 30 others seriously injured": the state some of the injured
        # are in, a question of its own
        condition_after=regex.compile(
            r"(?:\s+(?!(?:and|or|but)\s+(?:a|an|the|one|another|his|her|their|\d))[\w-]+){0,4}?\s+(?:in\s+(?:a\s+)?(?P<c>\L<w>)\s+condition\b"
            r"|(?P<c>\L<w>)ly\s+(?:injured|wounded|hurt|ill)\b|(?<=\bof\s+(?:them|whom|these)\s+)(?P<c>\L<w>)ly\b|(?P<c>\L<w>)ly(?=\s*[,.;)]|\s*$))",
            FLAGS,
            w=sorted(condition_map, key=len, reverse=True) or ["\uffff"],
        ),
        planned=compile_words(words("planned_cues")),
        estimate=compile_words(words("estimate_cues")),
        projection=compile_words(words("projection_cues")),
        revision=compile_words(words("revision_cues")),
        not_counted=compile_words(words("not_counted")),
        speech=compile_words(words("attribution_verbs")),
        part_cue=pattern(r"(?<!\w)(?:\L<part_cues>)(?!\w)|[:—–]"),
        part_before=pattern(r"\b(?:\L<part_lead>)\s+$"),
        exchange_cue=pattern(r"\b(?:\L<exchange_cues>)\b"),
        exchange_context=pattern(r"\b(?:\L<exchange_context>)\b"),
        one_of=pattern(r"\s+of\s+(?:\L<member_determiners>)\b"),
        definite=pattern(r"\b(?:\L<definite_determiners>)\s+$"),
        another=pattern(r"\b(?:\L<another_cues>)\s+$"),
        of_det=pattern(r"\s*of\s+(?:\L<of_determiners>)?\s*"),
        out_of=pattern(r"\s+(?:out\s+)?of\s+(?:the\s+)?"),
        age_after_name=pattern(r"\s*(?:,|\.(?:\s|$)|$|\s+(?:\L<after_name_age>)\b)"),
        # "In Kyiv, ...", "In the southern port city of Odesa, ...": a place set before the sentence's subject
        fronted=pattern(r"\s*(?:\L<fronted_place_preps>)\s+[^,;:]{1,60},"),
        date_opener=pattern(
            r"\s*(?:(?:\L<date_opener_modifiers>)\s+)?(?:\L<date_openers>)?\s*(?:the\s+\w+\s+of\s+)?"
        ),
        rough_ago=pattern(r"\b(\L<rough_ago_units>)s?\s+(?:\L<rough_ago_words>)\b"),
        increment=pattern(r"\s+(?:\L<increment_after>)\b(?!\s+than\b)"),
        change_by=pattern(
            r"\b(?:(?P<up>\L<change_up_verbs>)|(?P<down>\L<change_down_verbs>))\s+(?:\w+\s+)?by\s+$"
        ),
        weight_context=pattern(r"\b(?:\L<weight_words>)\b"),
        body_process_after=pattern(
            r"\s+(?:\L<body_nouns>)\s+(?:(?:\L<auxiliaries>|\L<subject_adverbs>)\s+){0,3}(?P<v>\L<body_process_verbs>)\b"
        ),
        body_process_before=pattern(r"\b(?P<v>\L<body_process_nouns>)\b[^,;.]{0,40}\s+(?:on|of)\s+$"),
        # "identified 61 of the 70 dead": the verb of the process right before its figure
        body_process_verb_before=pattern(r"\b(?P<v>\L<body_process_verbs>)\s+$"),
        # ... and only of a part ("61 of the 70 dead") or of bodies, not "released two civilians"
        body_part_after=pattern(r"\s+(?:of\b|(?:\L<body_nouns>)\b)"),
        # "a robot that can reach depths of": what a thing can do, before its figure (a few words between)
        capability=pattern(r"(?<!\w)(?:\L<capability_cues>)\s+(?:[\w-]+\s+){0,4}$"),
        present_level=pattern(r"\s+(?:[\w-]+\s+){0,2}?(?:\L<present_level_cues>)\b"),
        emphatic_doubt=pattern(r"\b(?:\L<emphatic_doubts>)\b"),
        money_rate=pattern(r"\s+(?:per|a|an|each|every)\s+(?P<per>\L<rate_time_units>)\b"),
        legal_limit=pattern(r"(?<!\w)(?:\L<legal_limit_cues>)\s+(?:[\w-]+\s+){0,8}$"),
        place=pattern(
            r"\b(?i:\L<place_preps>)\s+(?:the\s+)?(?:[\p{Ll}\-]+\s+){0,4}?(?:of\s+)?"
            r"(?P<place>\p{Lu}[\p{L}\-]+(?:\s+(?:of\s+)?\p{Lu}[\p{L}\-]+){0,3})(?!['’])\b",
            0,
        ),
        # "followed by Doura with 96", "Kessra, the epicentre, was worst hit, with 410": a name that
        # opens its clause (or follows "by"), then at most one aside, then "with" and the figure
        place_with=pattern(
            r"(?:^|(?<=[,;:]\s)|\bby\s+|\band\s+)(?P<place>\p{Lu}[\p{L}\-]+(?:\s+\p{Lu}[\p{L}\-]+){0,2})"
            r"(?:\s+(?:\L<place_kinds>))?(?:,[^,;]{1,60},)?(?:\s+(?:was|were)\s+(?:\w+\s+){0,2}hit)?,?\s+with\s+$",
            0,
        ),
        # the side an offer, bid or demand belongs to (frame.party_of); a name is capitalised words
        negotiation=pattern(r"\b(?:\L<negotiation_nouns>|\L<negotiation_cue_verbs>)\b"),
        # "an eight-year offer from the Falcons", "$40 million bids by Norvik and the Hale Group"
        party_from=pattern(
            r"[^;.\d$€£¥]{0,60}?\b(?i:\L<negotiation_nouns>)\b[^;.\d$€£¥]{0,60}?\b(?:from|by)\s+(?:the\s+)?"
            rf"(?P<party>{_NAME})(?:\s+and\s+(?:the\s+)?(?P<party2>{_NAME}))?",
            0,
        ),
        # "the Falcons reportedly have offered", "Norvik Steel, according to reports, is seeking": a name, then
        # its verb
        party_subject=pattern(
            rf"(?<![\p{{L}}'’])(?:[Tt]he\s+)?(?P<party>{_NAME})(?:['’]s?)?(?:,[^,;]{{1,40}},)?\s+(?:(?i:\L<negotiation_fillers>)\s+){{0,4}}"
            r"(?i:\L<negotiation_verbs>)\b",
            0,
        ),
        # a side whose verb a list leaves out: "Norvik bid $4bn, the Hale Group around $3.8bn"
        party_gapped=pattern(
            rf"[,;]\s+(?:[Tt]he\s+)?(?P<party>{_NAME})\s+(?=(?:at|around|about|between|reportedly)\b|[$€£¥\d])", 0
        ),
        # right before the figure: "the Falcons' eight-year offer", "the Hale Group (five years, $40m)",
        # "..., the Rovers around $30 million" (the verb left out of a list of sides)
        party_right_before=pattern(
            rf"(?:(?<![\p{{L}}'’])(?:[Tt]he\s+)?(?P<party>{_NAME})(?:['’]s?\s+(?:[\p{{Ll}}\-]+\s+){{0,3}}|\s*\([^()]{{0,40}})"
            rf"|(?:^|[,;]\s+)(?:[Tt]he\s+)?(?P<party>{_NAME})\s+(?:(?:at|around|about|reportedly)\s+){{0,2}}"
            r"(?:[^,;()\d]{1,25},\s+)?)$",
            0,
        ),
        modified_noun=pattern(r"\s+(?!(?:\L<not_modifier_after_name>)\b)\p{Ll}", 0),
        citizenship=pattern(
            r"\b(?:\L<citizenship_leads>)\s+(?:\w+\s+)?(?P<nat>\p{Lu}\p{L}+)\s+(?:\L<citizenship_nouns>)\b", 0
        ),
        day_of=pattern(
            r"\b(?:\L<day_of_leads>)\s+the\s+(?P<day>(?:\L<day_ordinals>|\d+(?:st|nd|rd|th))\s+day\s+of\s+"
            r"(?:the\s+)?[\p{L}\-]+)"
        ),
        according=pattern(
            r"\baccording\s+to\s+(?P<who>[^,.;:!?“”\"()]+?)(?=\s*(?:[,.;:!?“”\"()]|$|\bwhich\b|\bwho\b|\bthat\b))"
        ),
        said_after=pattern(
            r"[,“”\"]\s*(?P<who>[^,.;:!?“”\"]{2,80}?)\s+(?:(?:\L<speech_auxiliaries>)\s+)?(?:\L<speech_after>)\b"
        ),
        said_inverted=pattern(
            r"[,“”\"]\s*(?:\L<speech_inverted>)\s+(?P<who>(?:the\s+)?[\p{Lu}][^,.;:!?“”\"]{1,80}?)\s*(?:[,.;:!?]|$)",
            0,
        ),
        subject_verb=pattern(
            r"^(?P<who>[\p{Lu}\"“][^.;:!?“”\"]{1,200}?)\s+(?:(?:\L<speech_auxiliaries>)\s+)?(?:\L<speech_subject>)\b",
            0,
        ),
        # inside a clause the speaker may be lower case ("while the CGT union put the figure at", "police counted")
        clause_subject_verb=pattern(
            r"^(?:(?:\L<clause_conjunctions>)\s+)?(?P<who>[\p{L}\"“][^,.;:!?“”\"]{1,80}?)\s+"
            r"(?:(?:\L<speech_auxiliaries>)\s+)?(?:\L<speech_clause>|puts?\s+the\s+(?:\L<figure_nouns>))\b"
        ),
        leading_conjunction=pattern(r"^(?:\L<clause_conjunctions>)\s+"),
        trailing_adverb=pattern(r"\s+(?:\L<speaker_trailing_adverbs>)$"),
        trailing_determiner=pattern(r"\b(?:\L<speaker_trailing_determiners>)$"),
        not_before_date=pattern(r"(?<!\w)(?:\L<not_as_of_before>)\s*$"),
        since_clause=pattern(r"\b(?:\L<period_leads>)\b[^,;.]*$"),
        compared_clause=pattern(r"\b(?:\L<comparison_leads>)\b[^,;.]*$"),
        # "The figure of 45 tonnes given on Tuesday was incorrect": the figure is withdrawn
        said_wrong=pattern(
            r"[^,.;:()]{0,60}?\b(?:was|were|is|are|had\s+been|has\s+been)\s+(?:\L<wrong_figure_words>)\b(?!\s+to\b)"
        ),
        time_clause=pattern(r"\b(?:\L<time_clause_leads>)\s+(?:\L<time_clause_subjects>)\b"),
        as_of_prep=pattern(r"(?<!\w)(?:\L<as_of_preps>)\s*$"),
        as_of_marker=pattern(r"(?<!\w)(?:\L<as_of_markers>)\s+(?:the\s+)?(?:\w+\s+){0,2}$"),
        event_name_after=pattern(r"\s+(?:\L<event_names>)\b", 0),
        elapsed_anchor=pattern(
            r"[ \t]+(?:\L<elapsed_anchor_preps>)[ \t]+(?:(?:\L<elapsed_anchor_skips>)[ \t]+){0,2}"
            r"(?P<noun>[a-z][a-z\-]{2,})"
        ),
        articled_duration=pattern(
            r"(?<![\w$€£%.,])(?<![\d%]\s{1,3})(?:(?<=\b(?:\L<articled_duration_before>)\s+)(?<!\b(?:\L<articled_duration_not_before>)\s+)"
            r"(?P<a>an?)\s+(?P<unit>\L<articled_duration_units>)\b"
            r"|(?<!\b(?:\L<articled_duration_not_before>)\s+)(?P<a>an?)\s+(?P<unit>\L<articled_duration_units>)\b"
            r"(?=\s+(?:\L<articled_duration_after>)\b))"
        ),
        anaphoric_figure=pattern(
            r"(?<!\w)(?:puts?|putting|placed?|places|estimated?|estimates)\s+(?:the|its|their)\s+"
            r"(?:\L<anaphoric_figures>)\s+at\s+(?:\S+\s+){0,3}$"
            r"|\bit\s+(?:(?:\L<auxiliaries>|\L<subject_adverbs>)\s+){0,3}(?:\L<anaphoric_level_verbs>)\s+"
            r"(?:(?:about|around|nearly|almost|more\s+than|over|at\s+least|some)\s+)?$"
        ),
        pronoun_event=pattern(r"\W*(?:it|this)\s+(?:\L<pronoun_event_verbs>)\b"),
        event_relative=pattern(r"(?<!\w)(?:\L<event_relatives>)\s+(?:[^\s,;:.!?]+\s+){2,16}$"),
        count_before=pattern(r"(?:\d|\b(?:\L<small_number_words>))\s+$"),
        # "64 km north-west of Ankara", "(45 miles) south of St John's", "some 77 km from the city of Fez"
        distance_from=pattern(
            r"(?:\s*\([^()]{0,40}\))?\s*\)?\s*(?i:(?:\L<compass_points>)\s+of|\L<distance_leads>)\s+(?:the\s+)?(?:[\p{Ll}\-]+\s+){0,3}?"
            r"(?:of\s+)?(?P<place>\p{Lu}[\p{L}'’.\-]*(?:\s+\p{Lu}[\p{L}'’.\-]*){0,2})",
            0,
        ),
        # "98 were women and 56 were men": the counted noun after a copula
        copula_noun=pattern(r"\s+(?:\L<copulas>)\s+(?P<np>(?:\L<people_nouns>)|(?:\L<population>))\b"),
        copula_list=pattern(r"\s+(?:\L<copulas>)\s+[\p{L}\-]+\s*(?:,\s*)?(?:and\s+)?"),
        # "the number of bodies recovered is", "Survivors still number", "the death toll was put at"
        subject_link=pattern(
            r"(?P<np>\b(?:the\s+)?(?:\L<figure_nouns>)\s+of\s+[^,;:()]{1,90}?|\b(?:the\s+)?[\p{L}\-]++(?:\s+[\p{L}\-]++){0,2}?)"
            r"\s+(?:(?:\L<auxiliaries>)\s+){0,2}(?:(?:\L<subject_adverbs>)\s+)?(?:\L<subject_links>)\s*$"
        ),
        subset_after=pattern(r"\s+of\s+(?:\L<subset_pronouns>)\b"),
        of_the_group=pattern(r"\s+of\s+the\s+(?:\L<group_nouns>)\b"),
        # "(two of the wounded) later died", "have since died": the group's members who died
        group_died=pattern(
            r"\s+(?:(?:has|have|had)\s+)?(?:(?:since|\L<implicit_adverbs>)\s+)?(?:\L<shot_deaths>)\b"
        ),
        subset_lead=pattern(r"\s*(?:\L<subset_leads>)\s*,?\s*"),
        # "29 were in hospital, among them nine in a serious condition": a lead inside the sentence
        subset_inline=pattern(r"[,;(—–]\s*(?:\L<subset_inline_leads>)\s*,?\s*$"),
        # "Of the 57 dead, " before a sentence's second figure: its first is the whole the rest break down
        fronted_whole=pattern(r"\s*(?:\L<fronted_whole_leads>)\s+$"),
        group_lead=pattern(
            r"\s*(?:(?:the\s+)?(?:\L<group_nouns>)\s+(?:\L<include_verbs>)\s+"
            r"|(?:\L<fronted_whole_leads>)\s+(?:\L<group_nouns>)\s*,\s*)"
        ),
        # "Of the 57 dead, 31 ...", and the copula put first: "Among the 15 dead were nine men, ..."
        fronted_part=pattern(r"\s+(?:[\p{L}-]+\s+){0,3}?[\p{L}-]*,\s*$|,\s*$"
                             r"|\s+(?:[\p{L}-]+\s+){0,3}?(?:were|are|included|include)\s+$"),
        # a part told by where it was: "31 were in Kastrel", "14 in the hamlet of Luka"
        place_in=pattern(
            r"\s+(?:(?:\L<copulas>)\s+)?(?:\L<place_preps>)\s+(?:the\s+)?(?:\p{Ll}+\s+(?:of\s+)?)?\p{Lu}", 0
        ),
        # what sets a subset apart, after its whole: "have been handed over", "are yet to be identified",
        # "are women", "in critical condition"
        subset_rest=pattern(
            r"(?:\s*,)?\s+(?:(?:\L<auxiliaries>|\L<subject_adverbs>)\s+){0,4}"
            r"(?:(?P<neg>(?:\L<negations>)\s+)(?:(?:\L<auxiliaries>)\s+){0,2})?"
            r"(?:(?P<verb>\p{L}{3,}ed|\L<irregular_participles>|\L<state_verbs>)\b"
            r"|(?:in\s+)?(?P<noun>(?:\L<population>)|\p{L}+\s+condition)\b)"
        ),
        superseded_before=pattern(
            r"\b(?:\L<superseded_leads>)\s+(?:(?:an?|the)\s+(?:(?:\L<earlier_words>)\s+)?(?:\L<figure_nouns>)\s+of\s+)?$"
            r"|\b(?:an?|the|its|their)\s+(?:\L<earlier_words>)\s+(?:\L<figure_nouns>)\s+of\s+$"
        ),
        superseded_after=pattern(
            r"\s*,?\s*as\s+(?:(?:was|had\s+been|it\s+was|has\s+been)\s+)?(?:(?:\L<earlier_words>|initially|previously)\s+)?"
            r"(?:\L<report_verbs>)\b"
        ),
        negation_before=pattern(r"\b(?:\L<negations>)\s+(?:the\s+)?$"),
        changed_from=pattern(r"\b(?:\L<change_verbs>)\s+(?:[\w-]+,?\s+){0,4}from\s+$"),
        place_after=pattern(r"\s+(?:\L<place_preps>)\s+(?:the\s+)?(?:\p{Ll}+\s+(?:of\s+)?)?\p{Lu}", 0),
        figure_of=pattern(r"\s*(?:the\s+)?(?:\L<figure_nouns>)\s+of\s+"),
        parallel_gap=pattern(r"[^.;:()]{0,80}?(?:,|\band\b)\s*(?:(?:\L<clause_conjunctions>)\s+)?"),
        # "killed 11 people, the prefecture said: eight in X and two in Y": the colon opens the breakdown
        breakdown_gap=pattern(r"[^.;:()]{0,80}?[:—–]\s*"),
        from_to=pattern(r"\s+to\s+"),
        # "puts the dead at 2,681 and the injured at 2,501", "put the number aboard the vessel at around 750"
        # any word the speaker patterns need: a sentence without one has no speaker to look for
        any_speech=pattern(
            r"\b(?:according|puts?|\L<speech_after>|\L<speech_inverted>|\L<speech_subject>|\L<speech_clause>)\b"
        ),
        # implicit counts (checker.extract.implicit): a singular victim and its predicate
        implicit_gate=word_gated(regex.compile(r"\b\L<w>\b", FLAGS, w=implicit_words)),
        implicit_passive=regex.compile(
            # "a 17-year-old was killed": an age standing for its person
            r"(?P<np>\b(?:(?:a|an|one|another|the|his|her|their)\s+(?:(?!(?:and|or|but|a|an|the|who|was|were)\s)[\p{L}\p{N}'’\-]+\s+){0,4}?(?P<noun>\L<victim_nouns>|(?:\d{1,3}|\L<age_words>)-year-old)\b"
            # "a 54-year-old rice miller": the age stands before a noun no list holds
            r"(?:(?<=-year-old)(?:\s+(?!(?:and|or|but|who|that|\L<implicit_auxiliaries>)\b)(?-i:\p{Ll})[\p{L}\-]*){1,2}?(?=\s+(?:\L<implicit_auxiliaries>)\s))?"
            # "his brother Tom": a noun and the name it gives
            r"(?:\s+(?-i:\p{Lu}[\p{Ll}'’\-]+)){0,2}"
            r"|the\s+(?:(?!(?:and|or|but|a|an|the|who|was|were)\s)[\p{L}\p{N}'’\-]+\s+){0,2}?(?P<pnoun>\L<perpetrators>)\b"
            r"|(?:(?:\d{1,3}|\L<age_words>)-year-old\s+)?(?-i:\b(?:\p{Lu}[\p{L}'’.\-]*\s+){1,4}\p{Lu}[\p{L}'’\-]+)"
            # "He was pronounced dead", "another was hospitalized": one person the report has just named
            r"|(?P<pron>(?-i:\b(?:He|She|another|Another))|(?<=\b(?:\L<pronoun_clause_leads>)\s+)(?-i:he|she)\b)"
            # "and a third was wounded": an ordinal for one more person, right before an auxiliary
            r"|(?P<ord>\b(?:a|the)\s+(?:\L<ordinal_persons>))(?=\s+(?:\L<implicit_auxiliaries>)\s)"
            # "One of them died", "one of the two men was killed": a member of a group the report counted
            r"|(?P<member>\bone\s+of\s+(?:them|those|these|the\s+(?:[\p{L}\-]+\s+){0,2}?(?:\L<people>|\L<member_heads>)\b))))"
            # what follows the noun before its verb: "the driver of a bus that crashed on the ring road on Friday",
            # "a boy who was also shot", "the only person involved, the driver,"
            # "a man wounded at a party on Sunday died on Monday": a participle with its own phrase
            r"(?:\s+(?:(?:in|from|of|with|at|near|who)\s+|\p{Ll}+ing\s+)[^.;:,]{1,90}?"
            # "a man shot while driving home on Tuesday died": an irregular participle, a clause of time
            r"|\s+(?:\p{Ll}+ed|\L<irregular_participles>)(?:\s+(?:in|at|near|during|outside|inside|on|while|when|after|by)\s+[^.;:,]{1,90}?)?"
            r"|\s+aged\s+\d{1,3})?"
            # "Ian Cole, 70, from Bolton, died": an age, then a place, in apposition
            r"(?:\s*,(?:[^,.;:]{1,60},){1,2})?\s+"
            r"(?:(?:(?:\L<implicit_auxiliaries>)\s+(?:(?:\L<implicit_adverbs>)\s+)?(?P<verb>\L<implicit_verbs>))"
            # "was pulled from the water and treated in hospital": a rescue, then the casualty verb
            r"|(?:(?:\L<implicit_auxiliaries>)\s+(?:(?:\L<implicit_adverbs>)\s+)?(?:\L<prior_participles>)\b[^.;:]{0,60}?\s+and\s+"
            r"(?:(?:\L<implicit_auxiliaries>)\s+)?(?P<verb3>\L<implicit_verbs>))"
            r"|(?P<verb2>\L<intransitive_deaths>)"
            # "a man suffered a gunshot wound", "she sustained non-life-threatening injuries"
            r"|(?P<wound>(?:(?:has|had|have)\s+)?(?:\L<wound_verbs>)\s+(?:(?:a|an|multiple|several)\s+)?"
            r"(?:[\p{L}\-]+\s+){0,2}?(?:\L<wound_nouns>)"
            # "was taken to St Mary's with injuries that are not life-threatening"
            r"|(?P<taken>(?:was|were)\s+(?:taken|rushed|transported|airlifted|flown)\s+to\s+[^.;:,]{1,50}?\s+with\s+"
            r"(?:[\p{L}\-]+\s+){0,2}?(?:\L<wound_nouns>))"
            # "was struck once in the hip", "was hit in the left leg": a body part hit is a victim shot
            r"|(?:\L<implicit_auxiliaries>)\s+(?:(?:\L<implicit_adverbs>)\s+)?(?P<hit>(?:\L<hit_verbs>)\s+"
            r"(?:(?:\L<hit_times>)\s+)?in\s+(?:the|his|her|their)\s+(?:(?:left|right|upper|lower)\s+)?(?:\L<body_parts>))"
            # "later walked into hospital with a gunshot wound": a victim who came in by themselves
            r"|(?P<walked>(?:(?:\L<implicit_adverbs>)\s+)?(?:\L<self_presented>)\s+[^.;:,]{1,50}?\s+with\s+"
            r"(?:(?:a|an|multiple|several)\s+)?(?:[\p{L}\-]+\s+){0,2}?(?:\L<wound_nouns>))))\b",
            FLAGS, victim_nouns=words("victim_nouns"), implicit_auxiliaries=words("implicit_auxiliaries"),
            pronoun_clause_leads=words("pronoun_clause_leads"), wound_verbs=words("wound_verbs"),
            ordinal_persons=words("ordinal_persons"), member_heads=words("member_heads"),
            people=words("people_nouns"),
            wound_nouns=words("wound_nouns"),
            perpetrators=words("perpetrator_nouns"), age_words=words("age_words"),
            implicit_adverbs=words("implicit_adverbs"), intransitive_deaths=words("intransitive_deaths"),
            implicit_verbs=implicit_verbs,
            prior_participles=words("prior_participles"), self_presented=words("self_presented"),
            hit_verbs=words("hit_verbs"), hit_times=words("hit_times"), body_parts=words("body_parts"),
            irregular_participles=words("irregular_participles"),
        ),
        # "a man was killed and his girlfriend wounded": the second victim's auxiliary left out after the first's
        elliptic_victim=regex.compile(
            r"\s*,?\s+and\s+(?P<np>(?:a|an|his|her|their|the)\s+(?:(?!(?:and|or|but|a|an|the|who|was|were)\s)"
            r"[\p{L}\p{N}'’\-]+\s+){0,3}?(?:\L<victim_nouns>))\s+(?:(?:\L<implicit_adverbs>)\s+)?"
            r"(?P<verb>\L<implicit_verbs>)\b",
            FLAGS, victim_nouns=words("victim_nouns"), implicit_adverbs=words("implicit_adverbs"),
            implicit_verbs=implicit_verbs,
        ),
        # "the teenager killed by police", "a 16-year-old shot by officers": a reduced relative clause
        implicit_relative=regex.compile(
            r"(?P<np>\b(?:a|an|one|the|his|her|their)\s+(?:(?!(?:and|or|but|a|an|the|who|was|were)\s)[\p{L}\p{N}'’\-]+\s+){0,4}?(?P<noun>\L<victim_nouns>|\S+-year-old)\b"
            r"|(?-i:\b\p{Lu}\p{Ll}+(?:\s+\p{Lu}[\p{L}'’\-]+){1,3}))"
            # "the man who died after a crash", "the teen who drowned at the beach"
            # "the driver who died has been named": with "who" the clause needs no preposition after its verb
            # (a bare "who killed" is active: "the gunman who killed a boy")
            r"\s+(?:who\s+(?:(?:was|has\s+been|had\s+been)\s+(?P<verb>\L<implicit_verbs>)|(?:has\s+|had\s+)?"
            r"(?P<verbi>\L<intransitive_deaths>))\b"
            r"|(?P<verbr>\L<implicit_verbs>)\s+(?:by|in|at|on|during|outside|inside|near|after|when|following)\b)",
            FLAGS, victim_nouns=words("victim_nouns"), intransitive_deaths=words("intransitive_deaths"),
            implicit_verbs=implicit_verbs,
        ),
        # "the murder of a sheriff's deputy", "the fatal shooting of 16-year-old Kimani Gray", "the death of
        # their boss"
        implicit_nominal=regex.compile(
            # "the attempted murder of a man": a victim who lived, if hurt at all
            r"(?<!\b(?:\L<attempts>)\s+)\b(?P<verb>\L<nominal>)(?:\s+by\s+\p{L}+)?\s+of\s+(?P<np>(?:(?:a|an|one|his|her|their|its)\s+"
            r"(?:(?!(?:and|or|but|a|an|the|who|was|were)\s)[\p{L}\p{N}'’\-]+\s+){0,5}?(?P<noun>\L<victim_nouns>)\b)"
            r"|(?:(?:\d{1,3}|\L<age_words>)-year-old\s+)?(?-i:(?:\p{Lu}[\p{L}'’.\-]*\s+){1,5}\p{Lu}[\p{L}'’\-]+))",
            FLAGS, nominal=sorted(book.maps.get("implicit_nominal_measure", {})) or ["\uffff"],
            victim_nouns=words("victim_nouns"), age_words=words("age_words"), attempts=words("attempt_words"),
        ),
        implicit_active=regex.compile(
            r"(?<!\b(?:\L<attempts>)\s+)\b(?P<verb>\L<active>)\s+(?P<np>(?:(?:a|an|one|another|his|her|their|its)\s+(?:(?!(?:and|or|but|a|an|the|who|was|were)\s)[\p{L}\p{N}'’\-]+\s+){0,4}?"
            r"(?P<noun>\L<victim_nouns>)\b"
            r"|(?:(?:a|an)\s+)?(?:\d{1,3}|\L<age_words>)-year-old(?:\s+(?-i:\p{Lu}[\p{L}'’\-]+(?:\s+\p{Lu}[\p{L}'’\-]+){0,3}))?"
            r"|(?-i:\p{Lu}\p{Ll}+(?:\s+\p{Lu}[\p{L}'’\-]+){1,5})"
            # "killing two and critically wounding a third": an ordinal, after "and", for one more person
            r"|(?P<ord>(?<=\band\s+(?:\p{L}+ly\s+)?\p{L}+\s+)(?:a|the)\s+(?:\L<ordinal_persons>)"
            r"(?!\s+(?:of|time|term|round|day|week|month|year|place|half|quarter|consecutive|straight|title)\b))))",
            FLAGS, active=sorted(book.maps.get("implicit_active_measure", {})) or ["\uffff"],
            victim_nouns=words("victim_nouns"), age_words=words("age_words"), attempts=words("attempt_words"),
            ordinal_persons=words("ordinal_persons"),
        ),
        # the next victim of a list after a killing verb: "killed Judge Rowland Barnes, Brandau and sheriff's
        # Deputy Hoyt Teasley", "shot a man and his wife"
        victim_more=regex.compile(
            # "wounding Bo Kim, 32, and Cal Dunn, 11": a victim's age in apposition before the next
            r"(?:\s*,\s*\d{1,3}(?=\s*,))?(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?P<np>(?:(?:a|an|his|her|their)\s+(?:(?!(?:and|or|but|a|an|the|who|was|were)\s)[\p{L}\p{N}'’\-]+\s+){0,3}?"
            # "his wife Ann", "sheriff's Deputy Hoyt Teasley"; not "and wounding Bob Dale", the next verb's victim
            # "Ann Lee, 38, on Friday": a date or a place after a preposition
            # "a sheriff's deputy": the possessor is no victim of its own
            # "..., officials said Saturday": a speaker and a day, no name
            r"(?:\L<victim_nouns>)\b(?!['’]s\b))"
            r"|(?:(?!\p{Ll}+(?:ing|ed)\b|(?:on|by|\L<place_preps>|\L<attribution_verbs>)\b)[\p{Ll}'’]+\s+){0,2}"
            r"(?!(?:\L<calendar_words>)\b)(?-i:(?:\p{Lu}[\p{L}'’.\-]*\s+){0,4}\p{Lu}[\p{L}'’\-]+)"
            # "a judge, court reporter, sheriff's deputy and ...": a bare noun inside the list, after a comma
            r"|(?<=,\s*)(?:(?!(?:his|her|their|a|an|the)\b|\p{Ll}+(?:ing|ed)\b)[\p{L}'’\-]+\s+){0,2}?"
            r"(?:\L<victim_nouns>)(?=\s*,|\s+and\b))",
            FLAGS, victim_nouns=words("victim_nouns"), place_preps=words("place_preps"),
            attribution_verbs=words("attribution_verbs"), calendar_words=words("calendar_words"),
        ),
        # one victim more after a figure of people, or before it: "killed two women and a man", "shot a guard
        # and two customers" (a list the whole subject or object of its verb counts everyone it names)
        list_victim_after=regex.compile(
            r"\s*,?\s+and\s+(?:a|an|one)\s+(?:(?!(?:and|or|but|who|was|were|a|an|the)\s)[\p{L}\-]+\s+){0,2}?"
            r"(?:\L<victim_nouns>)\b(?!['’]s\b|-)",
            FLAGS, victim_nouns=words("victim_nouns"),
        ),
        list_victim_before=regex.compile(
            r"\b(?:a|an|one)\s+(?:(?!(?:and|or|but|who|was|were|a|an|the)\s)[\p{L}\-]+\s+){0,2}?"
            r"(?:\L<victim_nouns>)\s*,?\s+and\s+$",
            FLAGS, victim_nouns=words("victim_nouns"),
        ),
        partial_list_lead=pattern(r"\b(?:\L<partial_list_leads>)\b"),
        partial_list_after=regex.compile(r"\s+(?:were|are|was|is)\s+(?:also\s+|reportedly\s+)?among\b", FLAGS),
        # "a man and a woman were shot and killed": two singular victims, one predicate
        # "a shooting left a man dead", "leaving a teenager critically injured", and each next "and a woman hurt"
        # the words themselves; implicit.py looks for one near the verb (a scan from every position cost 40 tries each)
        pronoun_death_context=regex.compile(r"\b\L<w>\b", FLAGS, w=words("pronoun_death_contexts")),
        implicit_left=regex.compile(
            r"(?:\b(?:left|leaving|leaves)|(?<=\b(?:dead|killed|injured|wounded|hurt|condition),?)\s+and)\s+"
            r"(?P<np>(?:a|an|one|another)\s+(?:(?!(?:and|or|but|a|an|the|who|was|were)\s)[\p{L}\p{N}'’\-]+\s+){0,3}?"
            r"(?:\L<victim_nouns>)"
            # "One man is dead and another injured": the noun left out after the first conjunct's
            r"|(?<=\band\s+)another"
            # "left two people dead and a third wounded": an ordinal for one more
            r"|(?P<ord>(?<=\band\s+)(?:a|the)\s+(?:\L<ordinal_persons>)))\s+(?P<verb>\L<states>)\b",
            FLAGS, victim_nouns=words("victim_nouns"), ordinal_persons=words("ordinal_persons"),
            states=sorted(book.maps.get("implicit_left_measure", {}), key=len, reverse=True) or ["\uffff"],
        ),
        implicit_pair=regex.compile(
            r"(?P<np>\b(?:a|an|the)\s+(?:(?!(?:and|or|but|a|an|the|who|was|were)\s)[\p{L}\p{N}'’\-]+\s+){0,3}?(?:\L<victim_nouns>)\s+and\s+(?:a|an|his|her|their|the)\s+"
            r"(?:(?!(?:and|or|but|a|an|the|who|was|were)\s)[\p{L}\p{N}'’\-]+\s+){0,3}?(?:\L<victim_nouns>))"
            # "the driver and his passenger, both from Leeds, were pronounced dead", "a man and a woman died"
            r"(?:\s*,[^,.;:]{1,60},)?\s+(?:(?:were|have\s+been|had\s+been)\s+(?:(?:\L<adverbs>)\s+)?(?P<verb>\L<verbs>)"
            r"|(?P<verb2>\L<intransitive_deaths>))\b",
            FLAGS, victim_nouns=words("victim_nouns"), adverbs=words("implicit_adverbs"),
            verbs=implicit_verbs,
            intransitive_deaths=words("intransitive_deaths"),
        ),
        # "no one was killed", "nobody was hurt", "there were no injuries": a count of none, stated as such
        negated_count=regex.compile(
            r"\b(?:(?:no[\s\-]+one|nobody|none)\s+(?:else\s+)?(?:\L<aux>)\s+(?:(?:\L<adverbs>)\s+)?(?P<verb>\L<verbs>)"
            r"|no\s+(?:other\s+|further\s+)?(?P<noun>\L<nouns>))\b",
            FLAGS, aux=words("implicit_auxiliaries"), adverbs=words("implicit_adverbs"),
            verbs=implicit_verbs,
            nouns=sorted(book.maps.get("negated_nouns", {})) or ["\uffff"],
        ),
        # "three occupants of the house were not injured", "a woman and two children escaped unhurt": people the
        # figure counts whom the event spared, in the figure's own clause (no "and", "but" before the verb)
        figure_unhurt=regex.compile(
            r"(?:\s+(?!(?:and|but|while|whereas|or)\b)[\p{L}'’\-]+){0,8}?\s+"
            r"(?:(?:\L<aux>)\s+(?:\L<negations>)\s+(?:(?:\L<adverbs>)\s+)?(?:\L<verbs>)"
            r"|(?:(?:\L<aux>)\s+|escaped\s+)(?:\L<unhurt>)|escaped\s+(?:injury|injuries|without\s+injury))\b",
            FLAGS, aux=words("implicit_auxiliaries"), negations=words("negations"), adverbs=words("implicit_adverbs"),
            verbs=words("spared_verbs"), unhurt=words("unhurt_words"),
        ),
        reflexive_death=pattern(r"\b(?:\L<reflexive_deaths>)\b"),
        # the police firing on someone who fired first (or at them): that one's death or wound is the perpetrator's
        police_fire=pattern(
            r"\b(?:\L<law_enforcement_nouns>)\s+(?:[\w'’-]+\s+){0,2}?(?:\L<return_fire_verbs>)\b"
            r"|\b(?:\L<fire_at_verbs>)\s+(?:[\w'’-]+\s+){0,3}?(?:\L<law_enforcement_nouns>)\b"
            r"|\bby\s+(?!(?:\L<agent_clause_words>)\b)(?:[\w'’-]+\s+){0,2}?(?:\L<law_enforcement_nouns>)\b[^.;]{0,80}?\b(?:\L<firing_cues>)\b"
        ),
        not_perpetrator=pattern(r"\b(?:\L<not_perpetrators>)\b"),
        multiple_incident=regex.compile(
            r"\b(?P<times>\L<times>)[\s\-]+(?P<noun>\L<incidents>)\b", FLAGS,
            times=sorted(book.maps.get("multiplicity", {})) or ["\uffff"],
            incidents=sorted(book.maps.get("incident_count", {})) or ["\uffff"],
        ),
        # "the second person killed in the attack", "the third victim to die": not "the fourth person killed by
        # police this year", a tally's
        # "(Ana Ruiz, 52, a nurse,) had been in critical condition": a victim's state before what the report tells
        earlier_state=regex.compile(r"(?:\s*,[^.;:]{1,80},)?\s+had\s+been\b", FLAGS),
        # a headline's lone victim, a bare noun ("Man shot dead in Elm Street", "Teen, 16, dies after crash")
        headline_victim=regex.compile(
            r"\s*(?:\b(?-i:\p{Lu})[\p{L}\-]++\s+){0,2}?\b(?P<np>\L<victim_nouns>|(?:\d{1,3}|\L<age_words>)-year-old)"
            r"(?:\s*,\s*\d{1,3}\s*,)?\s+(?:(?:is|was)\s+)?(?:[^\s,;:]++\s+){0,5}?(?P<verb>\L<verbs>)\b",
            FLAGS, victim_nouns=words("victim_nouns"), verbs=[*implicit_verbs, "dies"], age_words=words("age_words"),
        ),
        # "She was the only one who died", "the only fatality": one dead, the whole toll
        only_dead=pattern(
            r"\bthe\s+only\s+(?:(?:one|person|victim)\s+(?:who\s+(?:has\s+)?died|to\s+(?:die|have\s+died)|killed)"
            r"|(?:fatality|death))\b"
        ),
        victim_ordinal=pattern(
            # "A second victim has died", a headline's "Second victim dies": one more death, the toll that many
            r"(?:\b(?:the|a)\s+|(?-i:\b(?=\p{Lu})))(?P<ord>\L<ordinal_persons>)\s+(?:\L<victim_nouns>)\s+"
            r"(?:killed|dies|died|has\s+died|had\s+died|succumbs|succumbed|has\s+succumbed|to\s+(?:die|have\s+died|be\s+killed))\b"
            r"(?![^.;:]{0,60}?\b(?:\L<tally_periods>)\b)"
        ),
        victims_named=pattern(
            r"\b(?:\L<named_victims>)\b"
            # "the man killed in the crash was named as", "the victims have been named locally as"
            r"|\b(?:\L<named_death_words>)\b[^.;:]{0,80}?\b(?:named|identified)\s+(?:\L<naming_adverbs>\s+)?as\b"
            # "named the dead woman as"
            r"|\b(?:named|identified)\s+the\s+(?:\L<named_death_words>)\b[^.;:]{0,40}?\s+as\b"
        ),
        fatal_wound=pattern(r"\b(?:\L<fatal_wounds>)\b"),
        wound_participle=pattern(r"(?:\L<wound_participles>)\b"),
        # "the other victims, a 30-year-old man and a woman, are expected to survive": a group told by the list
        # of its members between commas, one each
        implicit_apposed=regex.compile(
            r"\b(?P<np>(?:the|both)\s+(?:other\s+)?(?:\L<heads>)\s*,\s+"
            r"(?P<m>(?:a|an)\s+(?:(?!(?:and|or|but|a|an|the|who|was|were)\s)[\p{L}\p{N}'’\-]+\s+){0,3}?"
            r"(?:\L<victims>|(?:\d{1,3}|\L<ages>)-year-old)\b)"
            r"(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?P<m>(?:a|an|his|her|their)\s+"
            r"(?:(?!(?:and|or|but|a|an|the|who|was|were)\s)[\p{L}\p{N}'’\-]+\s+){0,3}?"
            r"(?:\L<victims>|(?:\d{1,3}|\L<ages>)-year-old)\b)){1,5})"
            r"\s*,\s+(?:(?:\L<aux>)\s+)?(?:(?:\L<adverbs>)\s+)?(?P<verb>\L<verbs>)\b",
            FLAGS, heads=words("apposed_heads"), victims=words("victim_nouns"), ages=words("age_words"),
            aux=words("implicit_auxiliaries"), adverbs=words("implicit_adverbs"), verbs=implicit_verbs,
        ),
        # "Both died at the hospital", "both victims were wounded": two people the report has just counted
        implicit_both=regex.compile(
            # "both occupants of the van were killed"
            r"\b(?P<np>(?:\L<pairs>)(?:\s+(?:of\s+them|(?:\L<people>|(?:\L<victims>)s)(?:\s+of\s+(?:the|a|an|his|her|their|its)\s+"
            r"(?:[\p{L}\-]+\s+){0,2}?[\p{L}\-]+)?))?)"
            # "the pair, aged 19 and 20, died"
            r"(?:\s*,[^,.;:]{1,60},)?\s+(?P<aux>(?:\L<aux>)\s+)?(?:(?:\L<adverbs>)\s+)?"
            r"(?P<verb>\L<verbs>)\b",
            FLAGS, people=words("people_nouns"), aux=words("implicit_auxiliaries"), adverbs=words("implicit_adverbs"),
            verbs=implicit_verbs, victims=words("victim_nouns"),
            pairs=words("victim_pair_words"),
        ),
        # "a mother and two of her children died", "the driver and three passengers were hurt": one more than
        # the figure; the figure itself is checked against the sentence's counts
        implicit_plus=regex.compile(
            r"(?P<np>\b(?:a|an|the)\s+(?:(?!(?:and|or|but|a|an|the|who|was|were)\s)[\p{L}\p{N}'’\-]+\s+){0,3}?"
            r"(?:\L<victims>)\s+and\s+(?:(?:his|her|their)\s+)?(?P<n>[\p{L}\p{N}\-]+)\s+(?:of\s+(?:his|her|their)\s+)?"
            r"(?:(?!(?:and|or|but|a|an|the|who|was|were)\s)[\p{L}\-]+\s+){0,2}?(?:\L<people>|(?:\L<victims>)s))\s+"
            r"(?:(?:\L<aux>)\s+)?(?:(?:\L<adverbs>)\s+)?(?P<verb>\L<verbs>)\b",
            FLAGS, people=words("people_nouns"), aux=words("implicit_auxiliaries"), adverbs=words("implicit_adverbs"),
            verbs=implicit_verbs, victims=words("victim_nouns"),
        ),
        # what became of a victim told as shot, later in the sentence: "was shot and died", "who was shot last
        # week has died", "was shot in the leg and is expected to survive"
        shot_outcome=regex.compile(
            r"[^;]*?\b(?:(?P<dead>\L<deaths>)|(?P<alive>\L<survivals>))\b", FLAGS,
            deaths=words("shot_deaths"), survivals=words("shot_survivals"),
        ),
        injured_then_dead=pattern(r"\b(?:\L<injured_then_dead>)\b"),
        # "a deputy was shot and the man who shot him was killed": a conjunct with a subject of its own tells
        # of someone else, so what became of the victim is looked for before it
        outcome_stop=pattern(r"\b(?:\L<coordinators>)\s+(?:\L<subject_determiners>)\s"),
        victim_of_fatal=regex.compile(
            r"\b(?P<np>(?:\L<leads>)\s+(?:(?:a|an|the|this|last|[\p{L}\-]+['’]s)\s+)?(?:[\p{L}\-]+\s+){0,2}?"
            r"(?P<verb>\L<nominal>))\b",
            FLAGS, leads=words("victim_of_leads"),
            nominal=sorted(book.maps.get("implicit_nominal_measure", {})) or ["\uffff"],
        ),
        # "three people, ages 17 to 19,", "the children, aged 4 and 6,": the figures of an age list count no one
        age_list_lead=pattern(r"\b(?:\L<age_list_leads>)\s+$"),
        age_list_head=pattern(r"(?:\L<age_list_leads>)\s"),
        list_gap=pattern(r"\s*(?:,\s*)?(?:(?:\L<list_separators>)\s+)?|\s*[-–]\s*"),
        # what follows an age of such a list: a comma, a separator, the end ("12 others" is a count)
        # ("aged two, six and nine were not hurt": the list's last age before its verb)
        age_list_tail=pattern(r"\s*(?:[,;.)]|(?:\L<list_separators>|years?|\L<copulas>)\b|$)"),
        # "Ana Ruiz, 20, and Leon Ortiz, 22, were killed": the named people before the last, each with an age
        victims_before=regex.compile(
            # "Tom Hale and Will Moss were killed": a name and "and" with no age before the next
            r"(?r)(?:(?P<name>(?-i:\p{Lu}[\p{L}'’.\-]*(?:\s+\p{Lu}[\p{L}'’.\-]*){0,3}))(?:,\s+\d{1,3},?\s+(?:and\s+)?"
            r"|\s+and\s+))+",
            FLAGS,
        ),
        perpetrator=pattern(r"\L<perpetrator_nouns>"),
        victim_noun=pattern(r"\L<victim_nouns>"),
        # "The victim was 16.": a person's age after a copula
        age_copula=pattern(r"\b(?:\L<victim_nouns>)\b[^,.;:]{0,40}?\s+(?:was|is)\s+(?:aged\s+|only\s+|just\s+)?$"),
        # up to three words after a number, joined to it and to each other by a hyphen or a space: "-foot",
        # "-square-mile", " nautical miles", "-m-long", "two more days"
        unit_words=pattern(
            r"(?P<hy>\s*-\s*|\s+)?(?:(?:\L<unit_fillers>)\s+)?(?P<w1>\p{L}[\p{L}²³/.]*)"
            r"(?:(?P<s2>[\s-]+)(?P<w2>\p{L}[\p{L}²³/]*))?(?:(?P<s3>[\s-]+)(?P<w3>\p{L}[\p{L}²³/]*))?",
            0,
        ),
        # what joins two conjuncts: "4 dead, 2 injured", "killed and 76 were injured"
        coordinator=pattern(r",|;|\b(?:\L<coordinators>)\b"),
        # a verb with no object to take: "died", "were killed", "was wounded"; after it, "and two men ..." is a
        # conjunct of its own
        closed_predicate=pattern(r"(?:\L<intransitive_deaths>)$|(?:\L<passive_auxiliaries>)\s+(?:[\p{L}\-]+\s+)?$"),
        conjunct=pattern(r"\b(?:\L<coordinators>)\b"),
        # "30 nautical miles (56 km)": a figure restated in brackets
        restated=pattern(r"[^()]{0,30}\(\s*(?:(?:\L<restating_hedges>)\s*)?"),
        # "on top of one another": a pronoun, not a count of one
        reciprocal=pattern(r"\s+(?:\L<reciprocals>)\b"),
        # "in the 1200 block of Elm Street": a street address, not a count
        street_block=pattern(r"\s+(?:\L<address_nouns>)\s+of\b"),
        road_number=pattern(r"\b(?:\L<road_words>)\s+$"),
        clause_opener=pattern(r"\b(?:\L<clause_openers>)\b"),
        # "protesters marched as two people were killed": "as" opens a clause whose subject is the figure, when a
        # verb follows its noun ("as many as", "such as" stand before a figure too, with no verb of their own)
        as_clause_before=regex.compile(r"\s*,?\s*\bas\s+$", FLAGS),
        finite_after=pattern(r"(?:\s+[\p{L}\-]+){0,3}?\s+(?:\L<auxiliaries>)\b"),
        game_clock=pattern(r"\s+(?:\L<game_clock_words>)\b"),
        neutral_victims=regex.compile(r"\L<w>", FLAGS, w=words("neutral_victim_nouns")),
        # after a figure and its noun, an active verb of attack with its object: the figure counts the attackers
        agent_after=regex.compile(
            r"(?:\s+(?!(?:was|were|had|have|has|been|are|is|and|or|who|which|that|where|\L<clause_openers>|\L<agent_verbs>)\b)"
            r"[\p{L}'’\-]+){0,3}?\s+"
            r"(?:(?:(?:\L<implicit_adverbs>|fatally)\s+)?(?:\L<agent_verbs>)\s+"
            # "Three Killed In Athens": a capital after the verb in a title-case headline may be a preposition's
            r"(?:(?:a|an|the|his|her|their|two|three|four|five|six|seven|eight|nine|ten)\b|\d"
            r"|(?!(?:\L<place_preps>|on|amid|during|after|as|by|over|since|when|while|dead|and)\b)(?-i:\p{Lu}))"
            # "two deputies fired back, killing the driver", "three men opened fire": who fired
            r"|(?:\L<return_fire_verbs>|\L<firing_cues>)\b)",
            FLAGS, implicit_adverbs=words("implicit_adverbs"), agent_verbs=words("agent_verbs"),
            place_preps=words("place_preps"),
            clause_openers=words("clause_openers"), return_fire_verbs=words("return_fire_verbs"),
            firing_cues=words("firing_cues"),
        ),
        # "conspiring to kill", "tried to quickly rescue": what was tried, right before a predicate
        attempted=pattern(r"\b(?:\L<attempt_words>)\s+(?:\p{L}+ly\s+)?$"),
        rank_before=regex.compile(r"(?:^|\s)(?:\L<rank_words>)\s*$", FLAGS, rank_words=words("rank_words")),
        fire_at_before=pattern(r"\b(?:\L<fire_at_verbs>)\s+$"),
        agent_by=pattern(r"\b(?:\L<agent_participles>)\s+by\s+$"),
        series_before=regex.compile(r"(?:^|\s)(?:\L<series_words>)\s+$", FLAGS, series_words=words("series_words")),
        series_after=regex.compile(r"\s*(?:[-–—:,.;)!?]|of\b|$)", FLAGS),
        kin_parent=pattern(r"\b(?:\L<parent_nouns>)s?\s+(?:of|to)\s+(?:at\s+least\s+)?$"),
        kin_having=pattern(r"\b(?:\L<kin_having>)\s+(?:at\s+least\s+)?$"),
        kin_noun_after=pattern(r"\s+(?:[\p{L}\-]+\s+){0,2}?(?:\L<kin_nouns>)\b"),
        relative_after=pattern(r",\s*(?:\L<relative_openers>)\b"),
        # an aside between spaced dashes: "six of the 41 aboard - 40 passengers and the driver - were hurt"
        dash_aside=regex.compile(r"\s[-–—]\s[^-–—.;:]{1,80}\s[-–—]\s"),
        # an appositive between commas right after a figure or its noun, naming who they are: "the other two, a
        # boy and a woman, remained in hospital", "two men, a father and his son, were hurt", "three people, one of
        # them a nurse, died"
        comma_aside=regex.compile(
            r"\G(?:\s+[\p{L}\-]+)?,\s(?:(?:[\p{L}\p{N}\-]+\s+of\s+(?:them|whom)\s+)?(?:a|an)\s[^,.;:()]{1,80}?"
            # "two, not three, hurt": the figure a correction sets aside
            r"|not\s+[\p{L}\p{N},\-]+(?:\s+[\p{L}\-]+)?(?:\s+as\s+[^,.;:()]{1,40}?)?),\s"
        ),
        other_incident=pattern(r"\b(?:\L<other_incident_cues>)\b"),
        # "a separate shooting at a party that left three dead": an incident noun within six words of the cue,
        # and no stop before the figure (the search runs up to the figure); an incident named by its year ("the
        # 2019 bombing that killed 12") is another one too
        other_incident_toll=pattern(
            r"(?:\b(?:\L<other_incident_toll_cues>)\s+(?:[\p{L}\p{N}'’\-]+\s+){0,6}?"
            r"|\b(?:the|a|an)\s+(?:1[89]|20)\d\d\s+(?:[\p{L}'’\-]+\s+){0,2}?)(?:\L<incident_nouns>)\b[^.;:!?]*$"
        ),
        # "... hours after five people were wounded": the search runs up to the figure
        interval_after=pattern(r"\b(?:\L<interval_units>)\s+(?:after|before)\s[^.;:!?]*$"),
        # "68 murders since the start of the year": a crime tally over a period, right after the figure
        period_tally=pattern(r"\s+(?:\L<tally_nouns>)\b[^.;:!?]{0,60}?\b(?:\L<tally_periods>)\b"),
        # "Last year 61 people died on the highway", "So far this year, 112 have died": a sentence opening on a
        # past period tallies it; "the road toll to 112 for the year": a period right after the figure
        tally_lead=pattern(r"\s*(?:\L<tally_leads>)\b"),
        follows_other=pattern(
            r"\b(?:\L<follow_verbs>)\s+(?:(?:just|only|barely|less\s+than|more\s+than)\s+)?"
            r"(?:\L<interval_units>|months|a\s+month|a\s+year|(?:two|three|four|five|six)\s+(?:weeks|months))\s+"
            r"after\b[^.;:!?]*$"
        ),
        tally_after=pattern(r"\s+(?:[\p{L}\-]+\s+){0,2}?(?:for the year|so far this year|this year so far)\b"),
        court=pattern(r"\b(?:\L<court_words>)\b"),
        # any cue of a modality: a window without one reports
        any_modality=compile_words([*words("planned_cues"), *words("estimate_cues"), *words("projection_cues")]),
        put_at=pattern(r"\b(?:\L<put_verbs>)\s+(?P<np>(?:the|its|their)\s+[^;:]{1,120}?)\s+at\s*$"),
        brought_to=pattern(
            r"\b(?:\L<bring_verbs>)\s+(?P<np>(?:the|its|their)\s+(?:[\p{L}\-]+\s+)?(?:\L<figure_nouns>)\b[^;:]{0,120}?)\s+to\s*$"
        ),
        # "the train mishap on June 2", "the tragedy in Odisha's Balasore district on Friday June 2", "an
        # earthquake in Rabat, Morocco, Friday, Sept. 8": a date right after an incident (and its place)
        incident_date=pattern(
            r"\b(?P<noun>\L<incident_nouns>)\b(?:\s+(?:\L<place_preps>|off|of)\s+(?:the\s+)?[\p{L}'’\-]+"
            r"(?:[\s,]+[\p{L}'’\-]+){0,7}?)?[\s,]*(?:(?:on|of)\s+)?(?:the\s+(?:\L<day_parts>)\s+of\s+)?$"
        ),
        name_before=pattern(
            r"(?P<name>\p{Lu}[\p{L}'’\-]+(?:\s+(?:(?:\L<name_particles>)\s+)?\p{Lu}[\p{L}'’\-]+){1,3})"
            r"(?:,\s*(?:a|an|the)?\s*[^,\d]{0,40}?,?)?\s*(?:,|who\s+(?:is|was)|is|was|\()?\s*(?:aged\s+)?$",
            0,
        ),
    )

    def wordset(name: str) -> frozenset[str]:
        return frozenset(w.lower() for w in lex.get(name, []))

    w = Words(
        fillers=wordset("link_fillers"),
        np_stop=wordset("noun_group_stops"),
        bare_after=wordset("bare_after"),
        not_noun_start=wordset("not_noun_start"),
        irregular=wordset("irregular_participles"),
        calendar=wordset("calendar_words"),
        name_leaders=wordset("name_leaders"),
        not_speakers=wordset("not_speakers"),
        speaker_pronouns=wordset("speaker_pronouns"),
        dimension_adjectives=wordset("dimension_adjectives"),
        entity_stops=wordset("noun_group_stops") | wordset("place_preps") | wordset("compass_points")
        | wordset("entity_stops"),
        reading_fillers=wordset("reading_fillers"),
        passive_auxiliaries=wordset("passive_auxiliaries"),
        furniture_verbs=wordset("furniture_verbs"),
        not_subjects=wordset("not_subjects"),
        emphatic_hedges=wordset("emphatic_hedges"),
        name_heads=wordset("story_name_heads"),
        whole_populations=tuple(frozenset(w.lower().split()) for w in lex.get("whole_populations", [])),
        place_ends=wordset("incident_nouns") | wordset("place_name_ends"),
    )
    families = tuple(book.families)
    return CompiledRules(
        book=book,
        cues=cues,
        words=w,
        families=families,
        measures=tuple(m for f in families for m in f.measures),
        order={f.id: i for i, f in enumerate(families)},
        family={f.id: f for f in families},
        nationality_map=nat_map,
        population_map=pop_map,
        condition_map=condition_map,
        entity_map=book.maps.get("entity", {}),
        units=book.units,
        scales=book.scales,
        triggers=TriggerIndex(
            [*((m.id, m.predicates) for f in families for m in f.measures), (IMPLICIT, cues.implicit_gate)]
        ),
        measure={m.id: m for f in families for m in f.measures},
        rank={m.id: i for i, m in enumerate(m for f in families for m in f.measures)},
        counting=frozenset(m.id for f in families if f.counts in ("people", "things") for m in f.measures),
        by_counts={c: tuple(f for f in families if f.counts == c) for c in {f.counts for f in families}},
    )
