NAME unbounded_lp
OBJSENSE
    MAX
ROWS
 N  profit
 L  gap
 G  least
COLUMNS
    x         profit    1             gap       1
    x         least     1
    y         profit    1             gap       -1
    y         least     2
RHS
    RHS       gap       1             least     2
ENDATA
