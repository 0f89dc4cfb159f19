"""Registry entries contributed per stage (merged into :data:`actuarial.config.registry.REGISTRY`)."""
