"""The attribution model's directory and its manifest: what the model is, and which files hold it.

A model directory (the shipped one is ``attribution/models``; ``--model DIR`` points at another)
holds ``manifest.json``, written by the trainer (``saidwhat train attribution``)::

    {"format": 1, "architecture": "bilstm-crf", "labels": ["O", "B-source", ...],
     "files": {"labeller": "attribution.npz", "pos": "pos.crfsuite", "cues": "cue_words.json"},
     "settings": {"rule_features": true, ...}, "training": {"data": ..., "documents": ..., ...}}

``architecture`` chooses the labeller (:data:`ARCHITECTURES`: the BiLSTM-CRF of :mod:`.neural`,
or the linear-chain CRF of python-crfsuite); ``labels`` is the label set the labeller emits;
``files`` names the labeller's weights, the part-of-speech tagger and the cue words, relative to
the directory; ``settings`` are the training settings the run time needs to know
(``rule_features``: the model reads the rules' statements as features); ``training`` records
the rest (data, counts, time). The loader reads the labeller the manifest names, never guessing
from which files exist; a missing or invalid manifest is one :class:`ModelError` naming the
directory.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.errors import ModelError

__all__ = [
    "ARCHITECTURES",
    "ATTRIBUTION_FILE",
    "CUES_FILE",
    "DEFAULT_MODEL_DIR",
    "FORMAT",
    "MANIFEST_FILE",
    "NETWORK_FILE",
    "POS_FILE",
    "Manifest",
]

DEFAULT_MODEL_DIR = Path(__file__).resolve().parent / "models"
MANIFEST_FILE = "manifest.json"
FORMAT = 1  # version of the manifest's layout; a reader refuses a newer one
NETWORK_FILE = "attribution.npz"  # the BiLSTM-CRF's weights (numpy)
ATTRIBUTION_FILE = "attribution.crfsuite"  # the linear-chain CRF's weights
POS_FILE = "pos.crfsuite"
CUES_FILE = "cue_words.json"
# architecture -> the labeller's file name the trainer writes
ARCHITECTURES: dict[str, str] = {"bilstm-crf": NETWORK_FILE, "crf": ATTRIBUTION_FILE}
_ROLES = ("labeller", "pos", "cues")


@dataclass(frozen=True, slots=True)
class Manifest:
    """What one attribution model directory holds (see the module docstring)."""

    directory: Path
    architecture: str
    labels: tuple[str, ...]
    files: dict[str, str]
    settings: dict[str, Any] = field(default_factory=dict)
    training: dict[str, Any] = field(default_factory=dict)
    format: int = FORMAT

    def path(self, role: str) -> Path:
        """The file of ``role`` (``labeller``, ``pos`` or ``cues``)."""
        return self.directory / self.files[role]

    @property
    def rule_features(self) -> bool:
        """Whether the model reads the rules' statements as features."""
        return bool(self.settings.get("rule_features", False))

    @classmethod
    def read(cls, directory: Path) -> Manifest:
        """The manifest of ``directory``; a ModelError naming the directory when it is missing or invalid."""
        where = str(directory)
        path = directory / MANIFEST_FILE
        if not path.is_file():
            what = "no such directory" if not directory.is_dir() else f"no {MANIFEST_FILE}"
            raise ModelError(f"not an attribution model directory ({what}; train one with 'saidwhat train')", where)
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            raise ModelError(f"cannot read {MANIFEST_FILE}: {err}", where) from err
        return cls.from_json(raw, directory)

    @classmethod
    def from_json(cls, raw: Any, directory: Path) -> Manifest:
        where = str(directory)

        def bad(reason: str) -> ModelError:
            return ModelError(f"invalid {MANIFEST_FILE}: {reason}", where)

        if not isinstance(raw, dict):
            raise bad("not a JSON object")
        version = raw.get("format")
        if not isinstance(version, int) or isinstance(version, bool) or not 1 <= version <= FORMAT:
            raise bad(f"format {version!r} is not one this saidwhat reads (1 to {FORMAT})")
        architecture = raw.get("architecture")
        if architecture not in ARCHITECTURES:
            raise bad(f"architecture {architecture!r} is not one of {', '.join(ARCHITECTURES)}")
        labels = raw.get("labels")
        if not isinstance(labels, list) or not labels or not all(isinstance(x, str) for x in labels):
            raise bad("'labels' must be a list of label names")
        files = raw.get("files")
        if not isinstance(files, dict) or any(not isinstance(files.get(r), str) for r in _ROLES):
            raise bad(f"'files' must name the {', '.join(_ROLES)} files")
        for role in _ROLES:
            name = files[role]
            if Path(name).name != name:
                raise bad(f"file {name!r} must be a plain name inside the directory")
        settings, training = raw.get("settings", {}), raw.get("training", {})
        if not isinstance(settings, dict) or not isinstance(training, dict):
            raise bad("'settings' and 'training' must be JSON objects")
        return cls(
            directory,
            str(architecture),
            tuple(labels),
            {r: str(files[r]) for r in _ROLES},
            settings,
            training,
            version,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "architecture": self.architecture,
            "labels": list(self.labels),
            "files": dict(self.files),
            "settings": self.settings,
            "training": self.training,
        }

    def write(self) -> Path:
        """Write ``manifest.json`` into the directory; returns its path."""
        path = self.directory / MANIFEST_FILE
        path.write_text(json.dumps(self.to_json(), indent=2) + "\n", encoding="utf-8")
        return path
