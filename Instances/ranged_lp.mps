NAME ranged_lp
ROWS
 N  cost
 G  range_a
 G  range_b
 E  balance
 G  floor
COLUMNS
    x1        cost      1             range_a   2
    x2        cost      -2            range_b   1
    x3        cost      1             balance   1
    x4        cost      3             balance   1
    x5        cost      1             floor     1
RHS
    RHS       cost      -0.5          range_a   4
    RHS       range_b   -3            balance   5
    RHS       floor     -1
RANGES
    RNG       range_a   8             range_b   7
BOUNDS
 FR BND       x2
 MI BND       x5
 UP BND       x5        10
ENDATA
