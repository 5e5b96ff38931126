// relate: filled in below
