"""The Spark job as a script for ``spark-submit``: ``spark-submit .../saidwhat/cli/spark_submit.py INPUT... -o OUT``.

It takes the arguments of ``saidwhat spark`` (:mod:`saidwhat.cli.spark`);
``--master`` is left to spark-submit. Imports are absolute: spark-submit runs
the file as a script, not as a module of the package.
"""

from __future__ import annotations

import sys

from saidwhat.cli import main

if __name__ == "__main__":
    raise SystemExit(main(["spark", *sys.argv[1:]]))
