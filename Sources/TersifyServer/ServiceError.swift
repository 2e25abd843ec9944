import Foundation
import PromptCompression
import PromptTokenizer
import Synchronization

/// A request the server refuses, with its status and one-line reason.
enum ServiceError: Error {
    case badRequest(String)
    case unprocessable(String)

    var message: String {
        switch self {
        case let .badRequest(message), let .unprocessable(message): message
        }
    }
}
