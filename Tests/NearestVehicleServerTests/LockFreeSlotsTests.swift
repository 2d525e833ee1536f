import Foundation
import NIOConcurrencyHelpers
@testable import NearestVehicleServer
import Testing
import TestSupport

/// The lock-free front tables of the hot path's checks: never a hit the owner's dictionary would not give.
@Suite struct LockFreeSlotsTests {
    static func digest(_ number: Int) -> TokenDigest { TokenDigest(token: "token-\(number)") }

    private func slotIndex(_ slots: AuthorizationSlots, _ token: TokenDigest, _ customerId: Int64) -> Int {
        slots.slotNumber(token, customerId: customerId)
    }

    /// Against a model (the owner's dictionary): a hit only for a stored, unexpired, not removed pair; a pair just
    /// stored is found (nothing else wrote meanwhile).
    @Test func authorizationSlotsNeverHitWhatTheModelDoesNotHold() {
        let seed = testSeed(default: 0xA57)
        var random = SplitMix64(seed: seed)
        let slots = AuthorizationSlots()
        var model: [TokenDigest: [Int64: Double]] = [:]
        var hits = 0
        for step in 0..<50_000 {
            let token = Self.digest(Int(random.next() % 50)), customer = Int64(random.next() % 8)
            let now = Double(step)
            switch random.next() % 20 {
            case 0..<8:
                let expiry = now + Double(random.next() % 2000)
                slots.store(token, customerId: customer, expiry: expiry)
                model[token, default: [:]][customer] = expiry
                #expect(slots.contains(token, customerId: customer, now: now) == (now < expiry))
            case 8:
                slots.remove(token: token)
                model[token] = nil
            case 9 where random.next() % 50 == 0:
                slots.removeAll()
                model.removeAll()
            default:
                let hit = slots.contains(token, customerId: customer, now: now)
                if hit {
                    hits += 1
                    #expect(model[token]?[customer].map { now < $0 } == true, "step \(step) \(seedNote(seed))")
                }
            }
        }
        #expect(hits > 1000)
    }

    /// Readers racing a writer never see a torn pair: only (token i, customer i) is ever stored, so a hit for
    /// (token i, customer j ≠ i) would be fields of two writes mixed.
    @Test func authorizationSlotsReadersNeverSeeATornPair() async {
        let slots = AuthorizationSlots()
        // 64 tokens whose pairs all share one slot: every store overwrites the slot a reader may be reading.
        var tokens: [TokenDigest] = []
        var number = 0
        let target = slotIndex(slots, Self.digest(0), 0)
        while tokens.count < 64 {
            let token = Self.digest(number)
            number += 1
            if slotIndex(slots, token, Int64(tokens.count)) == target { tokens.append(token) }
        }
        let readersDone = NIOLockedValueBox(0)
        let wrongHits = NIOLockedValueBox(0), rightHits = NIOLockedValueBox(0)
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [tokens] in
                var random = SplitMix64(seed: 1)
                var round = 0
                while readersDone.withLockedValue({ $0 }) < 2 {
                    for _ in 0..<1000 {
                        let number = Int(random.next() % 64)
                        if round % 5000 == 4999 { slots.removeAll() }
                        slots.store(tokens[number], customerId: Int64(number), expiry: 1e12)
                        round += 1
                    }
                }
            }
            for reader in 0..<2 {
                group.addTask { [tokens] in
                    var random = SplitMix64(seed: UInt64(10 + reader))
                    var wrong = 0, right = 0
                    for _ in 0..<300_000 {
                        let token = Int(random.next() % 64)
                        let customer = random.next() % 2 == 0 ? token : Int(random.next() % 64)
                        if slots.contains(tokens[token], customerId: Int64(customer), now: 0) {
                            if token == customer { right += 1 } else { wrong += 1 }
                        }
                    }
                    let (w, r) = (wrong, right)
                    wrongHits.withLockedValue { $0 += w }
                    rightHits.withLockedValue { $0 += r }
                    readersDone.withLockedValue { $0 += 1 }
                }
            }
        }
        #expect(wrongHits.withLockedValue { $0 } == 0)
        #expect(rightHits.withLockedValue { $0 } > 0)
    }

    /// `CallerAuthorization` with its front table: same answers as its dictionary through accept, expiry,
    /// dropToken and the overflow purge.
    @Test func callerAuthorizationAnswersAsItsRules() {
        let clock = NIOLockedValueBox(Date(timeIntervalSinceReferenceDate: 1_000_000))
        let authorization = CallerAuthorization(ttl: .seconds(30), maxEntries: 3, now: { clock.withLockedValue { $0 } })
        let (a, b, c, d) = (Self.digest(1), Self.digest(2), Self.digest(3), Self.digest(4))
        #expect(!authorization.isAuthorized(a, customerId: 1))
        authorization.accept(a, customerId: 1)
        #expect(authorization.isAuthorized(a, customerId: 1))
        #expect(!authorization.isAuthorized(a, customerId: 2))
        #expect(!authorization.isAuthorized(b, customerId: 1))
        clock.withLockedValue { $0 = Date(timeIntervalSinceReferenceDate: 1_000_029.5) }
        #expect(authorization.isAuthorized(a, customerId: 1))
        clock.withLockedValue { $0 = Date(timeIntervalSinceReferenceDate: 1_000_030) }
        #expect(!authorization.isAuthorized(a, customerId: 1))  // expired at exactly the TTL
        authorization.accept(a, customerId: 1)
        authorization.accept(a, customerId: 2)
        authorization.dropToken(a)
        #expect(!authorization.isAuthorized(a, customerId: 1) && !authorization.isAuthorized(a, customerId: 2))
        authorization.accept(a, customerId: 1)
        authorization.accept(b, customerId: 1)
        authorization.accept(c, customerId: 1)
        authorization.accept(d, customerId: 1)  // full, nothing expired: everything forgotten, then d
        #expect(!authorization.isAuthorized(a, customerId: 1) && !authorization.isAuthorized(c, customerId: 1))
        #expect(authorization.isAuthorized(d, customerId: 1))
    }

    @Test func syncTimeSlotsHoldTheLastRecordedTime() {
        let seed = testSeed(default: 0x5C7)
        var random = SplitMix64(seed: seed)
        let slots = SyncTimeSlots(customers: 20)
        #expect(slots.capacity == 64)
        var model: [Int64: Double] = [:]
        for step in 0..<20_000 {
            let customer = Int64(bitPattern: random.next() % 3 == 0 ? random.next() : random.next() % 50)
            let time = Double(step) + 0.25
            if model[customer] != nil || model.count < slots.capacity {
                #expect(slots.record(customer, time: time))
                model[customer] = time
            } else {
                #expect(!slots.record(customer, time: time), "full: \(seedNote(seed))")
            }
            let probe = Int64(bitPattern: random.next() % 3 == 0 ? random.next() : random.next() % 50)
            #expect(slots.time(of: probe) == model[probe], "step \(step) \(seedNote(seed))")
        }
        #expect(model.count == slots.capacity)
    }
}
