"""game_rules."""
