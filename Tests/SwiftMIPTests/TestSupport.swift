import Foundation
@testable import SwiftMIP

/// Where the test data lives: the repository root and the public data in ../shared (which may be absent).
enum TestPaths {
    /// The repository root (two levels above this file's folder).
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// ../shared beside the repository, or nil when it is absent (tests that need it then skip).
    static let shared: URL? = {
        let url = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared")
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) && isDir.boolValue ? url : nil
    }()

    /// True when ../shared is present.
    static var hasShared: Bool { shared != nil }

    /// Instances/ in the repository.
    static let instances: URL = repositoryRoot.appendingPathComponent("Instances")
}
