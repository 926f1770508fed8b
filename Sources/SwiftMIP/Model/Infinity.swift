/// Bounds at or beyond this magnitude count as infinite in the search and cut code (the MPS reader's
/// threshold too; MPS files often use 1e30 for "none"). Lives in Model so that Cuts and MIP share it
/// without Cuts depending on MIP.
let mipInfinity = 1e20
