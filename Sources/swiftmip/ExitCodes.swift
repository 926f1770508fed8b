/// The exit codes of `swiftmip`, documented in `--help` and README.md.
enum ExitCode {
    /// Success: a proven optimum (solve), a verdict (verify), an accepted solution (check), or a command done.
    static let success: Int32 = 0
    /// An input could not be read (parse error, missing file) or an internal error occurred.
    static let inputError: Int32 = 1
    /// The command line was wrong.
    static let usage: Int32 = 2
    /// solve: the model was proven infeasible.
    static let infeasible: Int32 = 3
    /// solve: the model was proven unbounded (or infeasible or unbounded).
    static let unbounded: Int32 = 4
    /// solve/verify: a limit (time, node, iteration, gap, solution count) or an interrupt stopped the run.
    static let limitReached: Int32 = 5
    /// solve: numerical trouble; verify: `unknown`.
    static let noProof: Int32 = 6
    /// check: the solution violates the model beyond the tolerances.
    static let solutionRejected: Int32 = 7

    static let table = """
    Exit codes:
      0  success: proven optimal (solve), a verdict sat/unsat (verify), solution accepted (check)
      1  an input could not be read (the message names the file and line) or an internal error
      2  usage error (unknown option, missing argument)
      3  solve: proven infeasible
      4  solve: proven unbounded (or infeasible or unbounded)
      5  a limit (time, nodes, iterations, gap, solutions) or an interrupt stopped the run
      6  no proof: numerical trouble (solve) or 'unknown' (verify)
      7  check: the solution violates the model beyond the tolerances
    """
}
