"""Low-rank adapters (LoRA, Hu et al. 2021) on a MiniLM's linear layers, for the trainers.

The technique tagger and the tone model both fine-tune the packaged encoder this way: the
encoder's weights stay frozen and each linear layer learns ``W + scale * B @ A`` with a
rank-r ``A`` and ``B``, so only the small adapter arrays ship and, merged at load time
(``framelens.embed.tuned_bert``), a sentence costs one pass of the plain encoder.  Written
here because the trainers need nothing more than this (a library such as peft would add a
dependency for twenty lines).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any


def add_adapters(layers: Iterable[tuple[int, Any]], rank: int, scale: float) -> dict[str, Any]:
    """Wrap every linear module of each ``(layer number, layer)`` in an adapter of rank
    ``rank``; returns them by name ("<layer>.<module path>", as ``tuned_bert`` reads them).
    ``B`` starts at zero, so training starts at the plain encoder."""
    import torch
    from torch import nn

    class LoRA(nn.Module):
        """y = W x + scale * B A x, W frozen."""

        def __init__(self, base: nn.Linear) -> None:
            super().__init__()
            self.base = base
            self.scale = scale
            self.A = nn.Parameter(torch.randn(rank, base.in_features) / math.sqrt(base.in_features))
            self.B = nn.Parameter(torch.zeros(base.out_features, rank))
            self.drop = nn.Dropout(0.1)

        def forward(self, x: Any) -> Any:
            return self.base(x) + (self.drop(x) @ self.A.T @ self.B.T) * self.scale

    adapters: dict[str, Any] = {}
    for number, layer in layers:
        for path, module in list(layer.named_modules()):
            for name, child in list(module.named_children()):
                if isinstance(child, nn.Linear):
                    wrapped = LoRA(child)
                    setattr(module, name, wrapped)
                    adapters[f"{number}.{path + '.' if path else ''}{name}"] = wrapped
    return adapters
