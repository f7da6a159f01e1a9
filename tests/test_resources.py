"""Resources: each model read once per set of options, shared by the pipelines that bring none."""

from __future__ import annotations

from saidwhat.core import resources as resources_module
from saidwhat.core.options import Options
from saidwhat.core.resources import Resource, Resources, shared_resources
from saidwhat.pipeline import Pipeline, build_pipeline


def test_a_resource_is_loaded_once_and_can_be_replaced() -> None:
    calls: list[Options] = []

    def load(options: Options) -> str:
        calls.append(options)
        return f"model for {options.attribution}"

    key = Resource("test model", load)
    res = Resources(Options(attribution="model"))
    assert res.get(key) == res.get(key) == "model for model"
    assert len(calls) == 1 and res.loaded() == ["test model"]
    res.put(key, "mine")
    assert res.get(key) == "mine" and len(calls) == 1


def test_shared_resources_are_one_per_set_of_options_and_bounded() -> None:
    a = shared_resources(Options(min_confidence=0.25))
    assert shared_resources(Options(min_confidence=0.25)) is a
    assert shared_resources(Options(min_confidence=0.5)) is not a
    for n in range(resources_module.SHARED_LIMIT + 1):
        shared_resources(Options(min_confidence=n / 100))
    assert len(resources_module._shared) <= resources_module.SHARED_LIMIT


def test_pipelines_without_resources_share_the_process_ones() -> None:
    options = Options(attribution="rules", min_confidence=0.125)
    assert Pipeline(options).resources is Pipeline(options).resources is shared_resources(options)
    own = Resources(options)
    assert Pipeline(options, own).resources is own
    build_pipeline(options, resources=own)
    assert "statement verifier" in own.loaded()  # the stages took their models from the given resources
