"""Labour stage: retirement by birth cohort, labour statuses by year, sex and age, AI substitution and wages."""
