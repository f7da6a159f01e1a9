"""saidwhat-dev: the training and evaluation of saidwhat, a distribution of its own.

- :mod:`saidwhat_dev.train`: one trainer per model (``saidwhat train attribution|verifier|furniture|dumps``);
- :mod:`saidwhat_dev.eval`: the gold sets (``eval/data``), their readers and metrics (``saidwhat eval NAME``);
- :mod:`saidwhat_dev.floors`: the least each gate test under ``tests/eval`` must measure;
- :mod:`saidwhat_dev.cli`: the ``train`` and ``eval`` commands, which saidwhat's command line finds
  through the ``saidwhat.commands`` entry-point group.

It imports saidwhat; saidwhat never imports it (running saidwhat needs none of this).
"""
