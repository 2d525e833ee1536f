// nanoflann kNN (k = 10) as the peer harness builds it (nanoflann_bench.cpp: unit vectors as float64, leaf size 10),
// one pass per query file through run_knn (for callgrind --toggle-collect / --dump-after).
#define NANOFLANN_FIRST_MATCH 1
#include <nanoflann.hpp>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <vector>
struct Cloud {
    const double* p = nullptr; size_t n = 0;
    inline size_t kdtree_get_point_count() const { return n; }
    inline double kdtree_get_pt(const size_t idx, const size_t dim) const { return p[3 * idx + dim]; }
    template <class BBOX> bool kdtree_get_bbox(BBOX&) const { return false; }
};
using Tree = nanoflann::KDTreeSingleIndexAdaptor<nanoflann::L2_Simple_Adaptor<double, Cloud>, Cloud, 3, uint32_t>;
static std::vector<double> read_f64(const char* path) {
    std::ifstream f(path, std::ios::binary | std::ios::ate); size_t n = f.tellg(); f.seekg(0);
    std::vector<double> v(n / 8); f.read((char*)v.data(), n); return v;
}
__attribute__((noinline)) double run_knn(Tree& tree, const std::vector<double>& qs) {
    std::vector<uint32_t> idx(10); std::vector<double> d2(10); double sink = 0;
    for (size_t q = 0; q < qs.size() / 3; ++q) {
        size_t got = tree.knnSearch(&qs[3 * q], 10, idx.data(), d2.data());
        for (size_t j = 0; j < got; ++j) sink += 2.0 * 6371008.8 * std::asin(std::min(1.0, std::sqrt(d2[j]) * 0.5));
    }
    return sink;
}
int main(int argc, char** argv) {
    std::vector<double> pts = read_f64(argv[1]);
    Cloud cloud; cloud.p = pts.data(); cloud.n = pts.size() / 3;
    Tree tree(3, cloud, nanoflann::KDTreeSingleIndexAdaptorParams(10));
    for (int a = 2; a < argc; ++a) { auto qs = read_f64(argv[a]); std::printf("%s %zu %.3f\n", argv[a], qs.size() / 3, run_knn(tree, qs)); }
}
