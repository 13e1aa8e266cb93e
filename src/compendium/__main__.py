"""Command line: ``python -m compendium reproduce|check|readme|html|datapackage|list``."""
from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
import time


def _parse_value(text: str):
    """A -p value exactly as papermill's -p reads it (compendium.build.params.parse_cli_value), so the same text
    gives the same value through both."""
    from .build.params import parse_cli_value

    return parse_cli_value(text)


def _jobs(text: str) -> int:
    """--jobs: a whole number of notebooks run at once, at least 1."""
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number; give 1 or more") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"{n} notebooks at once cannot run anything; give 1 or more")
    return n


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled as an interrupt: the run stops its kernels and removes its temporary folders."""


def _terminate(signum, frame):
    raise Terminated


def main(argv: list[str] | None = None) -> int:
    from .build import runner
    from .paths import find_root

    parser = argparse.ArgumentParser(prog="python -m compendium", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    rep = sub.add_parser("reproduce", help="execute notebooks through papermill and update notebooks, figures, results")
    rep.add_argument("names", nargs="*", help="notebook names without .ipynb (default: all)")
    rep.add_argument("--jobs", "-j", type=_jobs, default=runner.DEFAULT_JOBS,
                     help=f"notebooks run at once (default: twice the cores, {runner.DEFAULT_JOBS})")
    rep.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"),
                     help="a parameter for every selected notebook; VALUE is read as papermill's -p reads it (True, False, None, "
                          "a whole or decimal number, else text; a list as a,b)")
    rep.add_argument("--out", help="write the executed tree here instead of into the repository "
                                   "(required when parameters are given, so committed outputs stay the defaults')")
    chk = sub.add_parser("check", help="fail if committed notebooks or results differ from a fresh run")
    chk.add_argument("names", nargs="*")
    chk.add_argument("--jobs", "-j", type=_jobs, default=runner.DEFAULT_JOBS)
    sub.add_parser("datapackage", help="record each data file's sha256 and size in data/datapackage.json")
    sub.add_parser("list", help="list the notebooks")
    rdm = sub.add_parser("readme", help="rewrite the README's generated blocks (Binder links, notebooks, parameters, "
                                         "findings, figures) from the registry, the notebooks and results/")
    rdm.add_argument("--check", action="store_true", help="change nothing; fail if a block is stale or the Binder "
                                                          "links do not name the GitHub remote")
    rdm.add_argument("--ref", help="git ref the Binder links open (default: the one in the README, else main)")
    htm = sub.add_parser("html", help="render the committed notebooks to a static site with an index")
    htm.add_argument("--out", default="site")
    args = parser.parse_args(argv)
    try:
        root = find_root()
    except FileNotFoundError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _terminate) if main_thread else None
    try:
        return _command(args, parser, root)
    except KeyboardInterrupt as err:   # Ctrl-C or SIGTERM: one line, the kernels and temporary folders are gone
        name = "SIGTERM" if isinstance(err, Terminated) else "interrupt (Ctrl-C)"
        print(f"stopped by {name}: every kernel of the run is stopped and its temporary folders removed; "
              f"{_unchanged(args, root)}", file=sys.stderr)
        return 128 + (signal.SIGTERM if isinstance(err, Terminated) else signal.SIGINT)
    finally:
        if main_thread:
            signal.signal(signal.SIGTERM, previous)


def _unchanged(args, root) -> str:
    if args.command == "reproduce":
        from .build import runner

        return f"nothing was written to {runner.target_of(root, args.out)}."
    return "no file was changed."


def _command(args, parser, root) -> int:
    from .analysis import data
    from .build import runner
    from .build.site import SiteError

    try:
        if args.command == "list":
            from .build import notebooks

            print("\n".join(notebooks.names()))
        elif args.command == "readme":
            from .build import readme

            return readme.main(root, check_only=args.check, ref=args.ref)
        elif args.command == "html":
            from .build import site

            pages = site.build(root, root / args.out if not os.path.isabs(args.out) else __import__("pathlib").Path(args.out))
            print(f"wrote {len(pages)} pages to {args.out}/ (open {args.out}/index.html)")
        elif args.command == "datapackage":
            changed = data.update_hashes(root / "data")
            print("updated hashes of: " + (", ".join(changed) if changed else "nothing (all current)"))
            data.load(root / "data")
        elif args.command == "reproduce":
            params = {k: _parse_value(v) for k, v in args.parameter}
            if params and not args.out:
                parser.error("parameters given: add --out DIR so the committed default outputs are not replaced")
            start = time.perf_counter()
            outcomes = runner.reproduce(args.names or None, params, args.jobs, args.out, root)
            print(f"executed {len(outcomes)} notebook(s) in {time.perf_counter() - start:.1f} s: "
                  + ", ".join(o.name for o in outcomes)
                  + f"; wrote notebooks/, figures/ and results/ in {runner.target_of(root, args.out)}")
        elif args.command == "check":
            problems = runner.stale(args.names or None, args.jobs, root)
            if problems:
                print("stale outputs:\n  " + "\n  ".join(problems), file=sys.stderr)
                return 1
            print("every committed notebook, figure and result is byte for byte what a fresh run writes"
                  + ("" if args.names else ", and no other output is committed"))
    except (runner.RunError, data.DataError, SiteError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
