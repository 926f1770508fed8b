/// The library's version.
public enum SwiftMIPVersion {
    /// Semantic version string.
    public static let string = "0.1.0"
}
