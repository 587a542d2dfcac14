"""claimcheck: find the numeric and factual claims in news articles and flag where they disagree."""

__version__ = "0.1.0"
