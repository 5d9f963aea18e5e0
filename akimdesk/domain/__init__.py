"""Pure domain rules: no database, no Qt. Each function here is testable on its own."""
