"""Kiosk mode's rules, apart from any screen: the staff PIN (kept only as a salted hash, with a
growing wait after wrong tries) and the kiosk's configuration file. The screens that use them are in
imguide/ui/kiosk.py; `imguide kiosk` (imguide/commands/kiosk.py) starts them."""
