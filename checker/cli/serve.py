"""claimcheck serve: the last run's review page, where editors decide flags in the browser."""

from __future__ import annotations

from typing import Annotated

import typer

from checker.cli import app
from checker.cli.options import OutOpt, ReconOpt


@app.command("serve")
def serve_cmd(
    out: OutOpt = "reports/",
    reconciliations: ReconOpt = "reconciliations.yaml",
    host: Annotated[str, typer.Option("--host", help="Address to listen on; beyond loopback needs --token.")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option("--port", help="Port to listen on (0: any free one).")] = 8765,
    token: Annotated[
        str | None, typer.Option("--token", envvar="CLAIMCHECK_TOKEN", help="Access token every request must carry.")
    ] = None,
) -> None:
    """Serve the last run's review page (from --out/report.json); editors decide flags in the browser."""
    from checker.serve import serve

    serve(out, reconciliations, host=host, port=port, token=token)
