NAME assignment_6
ROWS
 N  cost
 E  worker_1
 E  worker_2
 E  worker_3
 E  worker_4
 E  worker_5
 E  worker_6
 E  task_1
 E  task_2
 E  task_3
 E  task_4
 E  task_5
 E  task_6
COLUMNS
    MARKER  'MARKER'  'INTORG'
    x_1_1     cost      12            worker_1  1
    x_1_1     task_1    1
    x_1_2     cost      3             worker_1  1
    x_1_2     task_2    1
    x_1_3     cost      44            worker_1  1
    x_1_3     task_3    1
    x_1_4     cost      40            worker_1  1
    x_1_4     task_4    1
    x_1_5     cost      35            worker_1  1
    x_1_5     task_5    1
    x_1_6     cost      16            worker_1  1
    x_1_6     task_6    1
    x_2_1     cost      17            worker_2  1
    x_2_1     task_1    1
    x_2_2     cost      37            worker_2  1
    x_2_2     task_2    1
    x_2_3     cost      15            worker_2  1
    x_2_3     task_3    1
    x_2_4     cost      30            worker_2  1
    x_2_4     task_4    1
    x_2_5     cost      26            worker_2  1
    x_2_5     task_5    1
    x_2_6     cost      5             worker_2  1
    x_2_6     task_6    1
    x_3_1     cost      11            worker_3  1
    x_3_1     task_1    1
    x_3_2     cost      27            worker_3  1
    x_3_2     task_2    1
    x_3_3     cost      46            worker_3  1
    x_3_3     task_3    1
    x_3_4     cost      21            worker_3  1
    x_3_4     task_4    1
    x_3_5     cost      12            worker_3  1
    x_3_5     task_5    1
    x_3_6     cost      32            worker_3  1
    x_3_6     task_6    1
    x_4_1     cost      44            worker_4  1
    x_4_1     task_1    1
    x_4_2     cost      22            worker_4  1
    x_4_2     task_2    1
    x_4_3     cost      44            worker_4  1
    x_4_3     task_3    1
    x_4_4     cost      5             worker_4  1
    x_4_4     task_4    1
    x_4_5     cost      16            worker_4  1
    x_4_5     task_5    1
    x_4_6     cost      25            worker_4  1
    x_4_6     task_6    1
    x_5_1     cost      48            worker_5  1
    x_5_1     task_1    1
    x_5_2     cost      10            worker_5  1
    x_5_2     task_2    1
    x_5_3     cost      26            worker_5  1
    x_5_3     task_3    1
    x_5_4     cost      27            worker_5  1
    x_5_4     task_4    1
    x_5_5     cost      32            worker_5  1
    x_5_5     task_5    1
    x_5_6     cost      7             worker_5  1
    x_5_6     task_6    1
    x_6_1     cost      12            worker_6  1
    x_6_1     task_1    1
    x_6_2     cost      4             worker_6  1
    x_6_2     task_2    1
    x_6_3     cost      43            worker_6  1
    x_6_3     task_3    1
    x_6_4     cost      35            worker_6  1
    x_6_4     task_4    1
    x_6_5     cost      19            worker_6  1
    x_6_5     task_5    1
    x_6_6     cost      21            worker_6  1
    x_6_6     task_6    1
    MARKER  'MARKER'  'INTEND'
RHS
    RHS       worker_1  1             worker_2  1
    RHS       worker_3  1             worker_4  1
    RHS       worker_5  1             worker_6  1
    RHS       task_1    1             task_2    1
    RHS       task_3    1             task_4    1
    RHS       task_5    1             task_6    1
ENDATA
