/// Dense kernels of the verifier's inner loops (forward passes, relaxed passes): a dot product with
/// eight independent partial sums, so the loop is not one serial chain of dependent additions (the
/// compiler may not reorder floating-point sums by itself). Deterministic: the order is fixed.
///
/// Callers that need a rounding bound use Higham's γₙ for n terms, which holds for any summation order.
@inline(__always)
func denseDot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ n: Int) -> Double {
    var s0 = SIMD4<Double>(), s1 = SIMD4<Double>()
    var q = 0
    let raw = UnsafeRawPointer(a), rawB = UnsafeRawPointer(b)
    let stride = MemoryLayout<Double>.stride
    while q &+ 8 <= n {
        let x0 = raw.loadUnaligned(fromByteOffset: q &* stride, as: SIMD4<Double>.self)
        let y0 = rawB.loadUnaligned(fromByteOffset: q &* stride, as: SIMD4<Double>.self)
        let x1 = raw.loadUnaligned(fromByteOffset: (q &+ 4) &* stride, as: SIMD4<Double>.self)
        let y1 = rawB.loadUnaligned(fromByteOffset: (q &+ 4) &* stride, as: SIMD4<Double>.self)
        s0 += x0 * y0
        s1 += x1 * y1
        q &+= 8
    }
    var s = (s0 + s1).sum()
    while q < n { s += a[q] * b[q]; q &+= 1 }
    return s
}
