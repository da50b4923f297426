"""The three themes: calm light and dark ones, and a high-contrast one in pure black, white and
yellow (muted and disabled text overridden, since Textual fades them by default)."""

from __future__ import annotations

from textual.theme import Theme

from imguide.core.i18n.translator import N_

LIGHT = Theme(
    name="imguide-light",
    dark=False,
    primary="#1F5C99",
    secondary="#4A6B82",
    accent="#9C4A00",
    foreground="#1B1B1B",
    background="#F7F5F0",
    surface="#FFFFFF",
    panel="#E6E2D8",
    success="#2E7D32",
    warning="#9C6500",
    error="#B3261E",
)

DARK = Theme(
    name="imguide-dark",
    dark=True,
    primary="#7FB3E6",
    secondary="#9DB8CC",
    accent="#F0B35A",
    foreground="#E8E6E1",
    background="#1B1D21",
    surface="#24272C",
    panel="#30343A",
    success="#81C784",
    warning="#F0B35A",
    error="#F28B82",
)

HIGH_CONTRAST = Theme(
    name="imguide-high-contrast",
    dark=True,
    primary="#FFFF00",
    secondary="#FFFFFF",
    accent="#FFFF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#000000",
    boost="#000000",
    success="#FFFF00",
    warning="#FFFF00",
    error="#FFFF00",
    variables={
        "text-muted": "#FFFFFF",
        "text-disabled": "#FFFFFF",
        "border": "#FFFFFF",
        "border-blurred": "#FFFFFF",
        "block-cursor-background": "#FFFF00",
        "block-cursor-foreground": "#000000",
        "block-cursor-text-style": "bold",
        "footer-key-foreground": "#FFFF00",
        "footer-description-foreground": "#FFFFFF",
        "button-foreground": "#000000",
        "input-selection-background": "#FFFF00 40%",
    },
)

THEMES = (LIGHT, DARK, HIGH_CONTRAST)
THEME_NAMES = tuple(theme.name for theme in THEMES)
THEMES_BY_NAME = {theme.name: theme for theme in THEMES}
DEFAULT_THEME = LIGHT.name
# What F2 says it switched to.
THEME_LABELS = {LIGHT.name: N_("ljust"), DARK.name: N_("mörkt"), HIGH_CONTRAST.name: N_("hög kontrast")}


def next_theme(current: str) -> str:
    if current not in THEME_NAMES:
        return THEME_NAMES[0]
    return THEME_NAMES[(THEME_NAMES.index(current) + 1) % len(THEME_NAMES)]
