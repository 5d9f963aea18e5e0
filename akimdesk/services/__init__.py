"""Operations: every change a person makes is one call here, one transaction, which writes the
domain rows together with an outbox row (for sync) and an audit row. Nothing else writes."""
