NAME knapsack_12
OBJSENSE
    MAX
ROWS
 N  value
 L  capacity
COLUMNS
    MARKER  'MARKER'  'INTORG'
    x1        value     78            capacity  39
    x2        value     52            capacity  17
    x3        value     76            capacity  11
    x4        value     52            capacity  30
    x5        value     41            capacity  10
    x6        value     71            capacity  50
    x7        value     72            capacity  23
    x8        value     79            capacity  51
    x9        value     89            capacity  27
    x10       value     84            capacity  41
    x11       value     85            capacity  15
    x12       value     71            capacity  55
    MARKER  'MARKER'  'INTEND'
RHS
    RHS       capacity  184
ENDATA
