"""`floortrack check [--resign]`: is the data file whole, and was it changed outside?"""

from __future__ import annotations

import argparse
from typing import Any

from .common import info


def register(subparsers: Any) -> None:
    check = subparsers.add_parser(
        "check",
        help="validate the data file; --resign accepts a deliberate hand edit",
        description="Validate every record in the data file, whatever its checksum says. "
        "A file changed outside floortrack is refused when opened; if you edited it on "
        "purpose and it validates, --resign keeps a backup of it and signs it again.",
    )
    check.add_argument(
        "--resign",
        action="store_true",
        help="if the file validates, accept it as it is (a backup is kept first)",
    )
    check.set_defaults(handler=check_command)


def check_command(args: argparse.Namespace) -> int:
    from floortrack.actions.data_checks import check_data, resign_data
    from floortrack.store import StoreError, resolve_data_path
    from floortrack.store.backups import describe_counts

    path = resolve_data_path(getattr(args, "data", None))
    report = check_data(path)
    if not report.exists:
        info(f"{path} does not exist yet: nothing to check.")
        return 0
    if report.problem is not None:
        restore = (
            f" The newest good backup: floortrack restore {report.good_backup}"
            if report.good_backup
            else ""
        )
        raise StoreError(path, f"it does not validate: {report.problem}", restore.strip())
    what = describe_counts(report.counts)
    if report.checksum == "intact":
        info(f"{path} is whole: {what}, checksum intact.")
        return 0
    if not args.resign:
        how = (
            "it was changed outside floortrack (its checksum does not match)"
            if report.checksum == "changed"
            else "it has no floortrack checksum (made or edited by hand)"
        )
        info(f"{path}: every record validates ({what}), but {how}.")
        if report.checksum == "changed":
            info("If you edited it on purpose, accept the edit with: floortrack check --resign")
            if report.good_backup:
                good = report.good_backup
                info(f"Otherwise restore the newest good backup: floortrack restore {good}")
            return 3
        return 0
    result = resign_data(path)
    kept = f" The file as it was is kept in {result.backup}." if result.backup else ""
    info(f"{path} validates ({what}) and is signed again.{kept}")
    return 0
