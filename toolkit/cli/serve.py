"""The `serve` command: the toolkit in a browser, on this computer only."""

from __future__ import annotations

import socket
import threading
import webbrowser
from pathlib import Path

import click

from toolkit.cli.register import db_options
from toolkit.errors import UsageError


@click.command()
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8765,
    show_default=True,
    help="Port on 127.0.0.1 (0: any free port).",
)
@click.option(
    "--folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    help="Folder of meeting files to list, edit and save (default: this folder).",
)
@db_options
@click.option("--no-browser", is_flag=True, help="Print the address without opening a browser.")
def serve(port: int, folder: Path, db: str | None, key_file: Path | None, no_browser: bool) -> None:
    """Open the toolkit in a browser: papers, forms with a live check, packs, the register.

    Listens on 127.0.0.1 only; the address printed carries a random token, and only a browser
    that opened it (or a script sending the token) is answered. Ctrl-C stops it.
    """
    import uvicorn

    from toolkit.web import WebSettings, create_app

    if not folder.is_dir():
        raise UsageError(f"{folder}: no such folder")
    listener = _listen(port)
    bound = listener.getsockname()[1]
    settings = WebSettings(folder=folder.resolve(), db=db, key_file=key_file, port=bound)
    address = f"http://127.0.0.1:{bound}/?token={settings.token}"
    click.echo(f"Open {address} (Ctrl-C to stop)")
    if not no_browser:
        threading.Timer(0.5, webbrowser.open, args=(address,)).start()
    # no access log: it would print every address asked for, the token among them
    config = uvicorn.Config(
        create_app(settings), access_log=False, log_level="warning", server_header=False
    )
    try:
        uvicorn.Server(config).run(sockets=[listener])
    except KeyboardInterrupt:
        # uvicorn stops on Ctrl-C (answering what it was answering), then raises the signal
        # again for its caller; here Ctrl-C is how one stops the app, not an interruption
        click.echo("Stopped.")


def _listen(port: int) -> socket.socket:
    """A socket bound to 127.0.0.1:``port`` before the address is printed, so that the address
    is right even for port 0 and a port in use is a one-line error."""
    # IPPROTO_TCP named: asyncio turns Nagle's algorithm off (TCP_NODELAY) only on sockets that
    # say they are TCP; otherwise each answer waits ~40 ms for the browser's delayed ACK
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind(("127.0.0.1", port))
    except OSError as error:
        listener.close()
        raise UsageError(f"port {port}: cannot listen ({error.strerror})") from None
    return listener
