NAME setcover_20
ROWS
 N  cost
 G  element1
 G  element2
 G  element3
 G  element4
 G  element5
 G  element6
 G  element7
 G  element8
 G  element9
 G  element10
 G  element11
 G  element12
 G  element13
 G  element14
 G  element15
 G  element16
 G  element17
 G  element18
 G  element19
 G  element20
COLUMNS
    MARKER  'MARKER'  'INTORG'
    set1      cost      3             element1  1
    set1      element2  1             element4  1
    set1      element5  1             element6  1
    set1      element12  1             element14  1
    set1      element18  1             element20  1
    set2      cost      6             element2  1
    set2      element3  1             element7  1
    set2      element15  1             element18  1
    set2      element20  1
    set3      cost      4             element3  1
    set3      element14  1             element20  1
    set4      cost      5             element1  1
    set4      element4  1             element13  1
    set5      cost      1             element1  1
    set5      element7  1             element8  1
    set5      element12  1             element14  1
    set6      cost      3             element9  1
    set6      element15  1             element17  1
    set7      cost      10            element1  1
    set7      element3  1             element10  1
    set7      element14  1             element16  1
    set7      element18  1
    set8      cost      2             element3  1
    set8      element8  1             element14  1
    set8      element16  1
    set9      cost      6             element4  1
    set9      element5  1             element8  1
    set9      element11  1             element19  1
    set10     cost      5             element6  1
    set10     element7  1             element9  1
    set10     element11  1             element14  1
    set10     element15  1             element20  1
    set11     cost      5             element1  1
    set11     element7  1             element8  1
    set11     element10  1             element11  1
    set12     cost      6             element4  1
    set12     element7  1             element8  1
    set12     element10  1             element11  1
    set12     element20  1
    set13     cost      8             element2  1
    set13     element6  1             element12  1
    set13     element20  1
    set14     cost      3             element2  1
    set14     element15  1             element20  1
    set15     cost      8             element5  1
    set15     element6  1             element7  1
    set15     element15  1
    set16     cost      9             element4  1
    set16     element12  1             element15  1
    set16     element19  1
    MARKER  'MARKER'  'INTEND'
RHS
    RHS       element1  1             element2  1
    RHS       element3  1             element4  1
    RHS       element5  1             element6  1
    RHS       element7  1             element8  1
    RHS       element9  1             element10  1
    RHS       element11  1             element12  1
    RHS       element13  1             element14  1
    RHS       element15  1             element16  1
    RHS       element17  1             element18  1
    RHS       element19  1             element20  1
ENDATA
