@testable import NearestVehicle
import Testing

/// Log positions map onto the geometric chunks (32, 64, 128, 256, 512, then 1024 each) one to one, in order: the
/// reference walks the chunk sizes position by position.
@Suite struct LogChunkLayoutTests {
    @Test func positionsFillChunksInOrder() {
        var chunk = 0, offset = 0
        for position in 0..<20_000 {
            let located = LogChunk.locate(position)
            #expect(located.chunk == chunk && located.offset == offset, "position \(position): \(located)")
            if located.chunk != chunk || located.offset != offset { return }
            offset += 1
            if offset == LogChunk.capacity(ofChunk: chunk) {
                chunk += 1
                offset = 0
            }
        }
        #expect((0..<8).map(LogChunk.capacity(ofChunk:)) == [32, 64, 128, 256, 512, 1024, 1024, 1024])
    }
}
