NAME infeasible_lp
ROWS
 N  cost
 G  demand
 E  equal
COLUMNS
    x         cost      1             demand    1
    x         equal     1
    y         cost      1             demand    1
    y         equal     -1
RHS
    RHS       demand    10
BOUNDS
 UP BND       x         3
 UP BND       y         4
ENDATA
