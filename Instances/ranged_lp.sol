=obj= -1.5
x1 2
x2 4
x3 5
x4 0
x5 -1
