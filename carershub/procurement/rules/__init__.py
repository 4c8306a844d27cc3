"""Pure procurement rules (no Django): bid evaluation for mini-competitions."""
