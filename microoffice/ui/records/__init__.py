"""Records: one person's care record (notes, care plan, medicines, incidents and complaints)."""
