NAME transport_4x5
ROWS
 N  cost
 L  supply_1
 L  supply_2
 L  supply_3
 L  supply_4
 G  demand_1
 G  demand_2
 G  demand_3
 G  demand_4
 G  demand_5
COLUMNS
    ship_1_1  cost      16            supply_1  1
    ship_1_1  demand_1  1
    ship_1_2  cost      5             supply_1  1
    ship_1_2  demand_2  1
    ship_1_3  cost      3             supply_1  1
    ship_1_3  demand_3  1
    ship_1_4  cost      8             supply_1  1
    ship_1_4  demand_4  1
    ship_1_5  cost      19            supply_1  1
    ship_1_5  demand_5  1
    ship_2_1  cost      7             supply_2  1
    ship_2_1  demand_1  1
    ship_2_2  cost      5             supply_2  1
    ship_2_2  demand_2  1
    ship_2_3  cost      5             supply_2  1
    ship_2_3  demand_3  1
    ship_2_4  cost      10            supply_2  1
    ship_2_4  demand_4  1
    ship_2_5  cost      6             supply_2  1
    ship_2_5  demand_5  1
    ship_3_1  cost      10            supply_3  1
    ship_3_1  demand_1  1
    ship_3_2  cost      9             supply_3  1
    ship_3_2  demand_2  1
    ship_3_3  cost      6             supply_3  1
    ship_3_3  demand_3  1
    ship_3_4  cost      19            supply_3  1
    ship_3_4  demand_4  1
    ship_3_5  cost      4             supply_3  1
    ship_3_5  demand_5  1
    ship_4_1  cost      9             supply_4  1
    ship_4_1  demand_1  1
    ship_4_2  cost      6             supply_4  1
    ship_4_2  demand_2  1
    ship_4_3  cost      9             supply_4  1
    ship_4_3  demand_3  1
    ship_4_4  cost      16            supply_4  1
    ship_4_4  demand_4  1
    ship_4_5  cost      18            supply_4  1
    ship_4_5  demand_5  1
RHS
    RHS       supply_1  33            supply_2  38
    RHS       supply_3  24            supply_4  21
    RHS       demand_1  18            demand_2  22
    RHS       demand_3  18            demand_4  37
    RHS       demand_5  21
ENDATA
