"""Analysis stages: one module per analysis, each exposing a ``Stage`` (see framelens.pipeline).

The default pipeline is declared here, as spaCy declares its registered components: the
Stage objects themselves, in order, each with its name, version, what it requires and
produces, and the models it uses.  Nothing is looked up by a name string, so a missing or
renamed stage is an ImportError, not a stage silently left out.

The stage modules are imported when the stages are first asked for, not with this
package: they import spaCy (and through it torch), while ``import framelens`` and the
comparison code, which imports this package's helper modules, must stay light.
"""

from __future__ import annotations

from framelens.config import Settings, load_settings
from framelens.pipeline import Pipeline, Stage

__all__ = ["OPTIONAL_STAGES", "declared_stages", "default_pipeline", "default_stages", "pipeline_of"]

#: stages a setting can switch off (setting name -> stage name)
OPTIONAL_STAGES = {"tone": "tone", "techniques": "techniques", "frames": "frames"}


def declared_stages() -> tuple[Stage, ...]:
    """Every default stage, in pipeline order."""
    from framelens.stages.actors import actors
    from framelens.stages.frames import frames
    from framelens.stages.labels import labels
    from framelens.stages.quantities import quantities
    from framelens.stages.quotes import quotes
    from framelens.stages.sentences import sentences
    from framelens.stages.techniques import techniques
    from framelens.stages.tone import tone

    return (sentences, actors, labels, quotes, quantities, tone, techniques, frames)


def default_stages(settings: Settings | None = None) -> list[Stage]:
    """The default stages, less those the settings switch off (``tone = false``)."""
    settings = settings or load_settings()
    off = {name for flag, name in OPTIONAL_STAGES.items() if not getattr(settings, flag)}
    return [st for st in declared_stages() if st.name not in off]


def pipeline_of(names: set[str]) -> Pipeline:
    """The declared stages named, in pipeline order: an evaluator's pipeline that stops at what
    its benchmark scores (``{"sentences", "actors"}`` for actor identity)."""
    return Pipeline([st for st in declared_stages() if st.name in names])


def default_pipeline(settings: Settings | None = None) -> Pipeline:
    """The default stages as a Pipeline (their order checked when it is built)."""
    return Pipeline(default_stages(settings))
