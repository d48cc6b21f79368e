raise ImportError("the database this hook needs is not configured")
