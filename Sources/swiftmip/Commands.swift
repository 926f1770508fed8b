/// The list of subcommands, in the order `--help` shows them. Each lives in its own file.
func allCommands() -> [CommandSpec] {
    [
        solveCommand(),
        boundsCommand(),
        encodeCommand(),
        verifyCommand(),
        // solve, stats, convert, check, encode, bounds, verify, generate are registered as they land.
        statsCommand(),
        convertCommand(),
        checkCommand(),
    ]
}
