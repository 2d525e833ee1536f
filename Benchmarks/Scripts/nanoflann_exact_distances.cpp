// nanoflann's k-nearest (k = 10) timed two ways in one process, rounds alternated: the last distances from the
// chord (sqrt + asin, as the peer harness computes them) and, as an implementation bound to this project's contract
// must, by the haversine of record from each point's stored latitude and longitude (libm sin, cos, asin: the
// oracle's formula). What exact distances cost nanoflann itself, beside our FleetIndex (Benchmarks/README section 2,
// session 21).
//
//   g++ -O3 -march=native -I/usr/include -o nanoflann-exact Benchmarks/Scripts/nanoflann_exact_distances.cpp
//   ./nanoflann-exact POINTS.bin QUERIES.bin [ROUNDS=7]
//
// POINTS.bin / QUERIES.bin: unit vectors, three float64 each (what far_queries.py writes as nf_<set>/p.bin and q.bin,
// and interleaved_ratios.py as p_<size>.bin and q.bin). Latitude and longitude are recovered from them before the
// timing. Needs libnanoflann-dev (Debian). Prints the medians (and minima) of the rounds' means.
#include <nanoflann.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <vector>
#include <algorithm>
struct Cloud { std::vector<double> p; size_t kdtree_get_point_count() const { return p.size()/3; }
  double kdtree_get_pt(size_t i, size_t d) const { return p[3*i+d]; }
  template<class B> bool kdtree_get_bbox(B&) const { return false; } };
static std::vector<double> rd(const char* f){ std::ifstream s(f, std::ios::binary|std::ios::ate); size_t n=s.tellg(); s.seekg(0); std::vector<double> v(n/8); s.read((char*)v.data(), n); return v; }
using Tree = nanoflann::KDTreeSingleIndexAdaptor<nanoflann::L2_Simple_Adaptor<double, Cloud>, Cloud, 3, uint32_t>;
static const double R = 6371008.8, D2R = M_PI / 180;
static std::vector<double> latlon(const std::vector<double>& xyz) {
  std::vector<double> ll(xyz.size() / 3 * 2);
  for (size_t i = 0; i < xyz.size() / 3; i++) {
    ll[2*i] = std::asin(std::max(-1.0, std::min(1.0, xyz[3*i+2]))) / D2R;
    ll[2*i+1] = std::atan2(xyz[3*i+1], xyz[3*i]) / D2R; }
  return ll; }
__attribute__((noinline)) double chordq(Tree& t, const double* q){ uint32_t idx[10]; double d[10]; double dm[10];
  size_t got=t.knnSearch(q,10,idx,d); for(size_t j=0;j<got;j++){ double h=std::sqrt(d[j])*0.5; if(h>1)h=1; dm[j]=2*R*std::asin(h);} return dm[0]; }
__attribute__((noinline)) double havq(Tree& t, const double* q, const double* qll, const double* pll){
  uint32_t idx[10]; double d[10]; double dm[10];
  size_t got=t.knnSearch(q,10,idx,d);
  double p1 = qll[0]*D2R, c1 = std::cos(p1);
  for(size_t j=0;j<got;j++){ const double* o = pll + 2*idx[j]; double p2 = o[0]*D2R;
    double sp = std::sin((p2-p1)*0.5), sl = std::sin((o[1]-qll[1])*D2R*0.5);
    double a = sp*sp + c1*std::cos(p2)*sl*sl; dm[j] = 2*R*std::asin(std::sqrt(std::min(1.0, a))); }
  return dm[0]; }
int main(int argc, char** argv){ Cloud c; c.p = rd(argv[1]); auto q = rd(argv[2]); int rounds = argc > 3 ? atoi(argv[3]) : 7;
  auto pll = latlon(c.p), qll = latlon(q);
  Tree t(3, c, nanoflann::KDTreeSingleIndexAdaptorParams(10)); t.buildIndex();
  size_t nq=q.size()/3; double s=0; std::vector<double> a, b;
  for (int r = 0; r < rounds; r++) {
    auto t0 = std::chrono::steady_clock::now();
    for(size_t i=0;i<nq;i++) s+=chordq(t,&q[3*i]);
    auto t1 = std::chrono::steady_clock::now();
    for(size_t i=0;i<nq;i++) s+=havq(t,&q[3*i],&qll[2*i],pll.data());
    auto t2 = std::chrono::steady_clock::now();
    a.push_back(std::chrono::duration<double,std::nano>(t1-t0).count()/nq);
    b.push_back(std::chrono::duration<double,std::nano>(t2-t1).count()/nq); }
  std::sort(a.begin(), a.end()); std::sort(b.begin(), b.end());
  printf("chord %.0f ns (min %.0f), haversine %.0f ns (min %.0f), ratio %.2f  [%g]\n", a[rounds/2], a[0], b[rounds/2], b[0], b[rounds/2]/a[rounds/2], s);
}
