// nanoflann's k-nearest (k = 10) timed two ways in one process, rounds alternated: the last distances from the
// chord (sqrt + asin, as the peer harness computes them) and, as an implementation bound to this project's contract
// must, by the haversine of record from each point's stored latitude and longitude (libm sin, cos, asin: the
// oracle's formula). What exact distances cost nanoflann itself, beside our FleetIndex (Benchmarks/README section 2,
// session 21).
//
//   g++ -O3 -march=native -I/usr/include -o nanoflann-exact Benchmarks/Scripts/nanoflann_exact_distances.cpp
//   ./nanoflann-exact POINTS.bin QUERIES.bin [ROUNDS=7] [RADIUS_M=5000]
//
// Also the radius query, both ways: the harness' (radiusSearch on the chord, sort by (chord, index), metres from the
// chord) and an exact one (radiusSearch on the chord widened by 1e-9, the haversine of every hit from its
// latitude/longitude, those within the radius kept, sorted by (distance rounded to 1 µm, index) as the oracle, the
// rounded key computed once a hit).
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
static inline double hav(const double* a, const double* b) {
  double p1 = a[0]*D2R, p2 = b[0]*D2R;
  double sp = std::sin((p2-p1)*0.5), sl = std::sin((b[1]-a[1])*D2R*0.5);
  double h = sp*sp + std::cos(p1)*std::cos(p2)*sl*sl; return 2*R*std::asin(std::sqrt(std::min(1.0, h))); }
struct Hit { uint32_t i; double d; int64_t key; };
__attribute__((noinline)) double chordr(Tree& t, const double* q, double rc2, std::vector<std::pair<uint32_t,double>>& m,
                                        std::vector<double>& mm){
  nanoflann::SearchParams sp(32, 0.0f, false);
  t.radiusSearch(q, rc2, m, sp);
  std::sort(m.begin(), m.end(), [](auto& a, auto& b){ return a.second < b.second || (a.second == b.second && a.first < b.first); });
  mm.resize(m.size());
  for (size_t j = 0; j < m.size(); j++) { double h=std::sqrt(m[j].second)*0.5; if(h>1)h=1; mm[j]=2*R*std::asin(h); }
  return mm.empty() ? 0 : mm[0]; }
__attribute__((noinline)) double havr(Tree& t, const double* q, const double* qll, const double* pll, double rc2w,
                                      double radius, std::vector<std::pair<uint32_t,double>>& m, std::vector<Hit>& hits){
  nanoflann::SearchParams sp(32, 0.0f, false);
  t.radiusSearch(q, rc2w, m, sp);
  hits.clear();
  for (auto& e : m) { double d = hav(qll, pll + 2*e.first); if (d <= radius) hits.push_back({e.first, d, (int64_t)std::rint(d / 1e-6)}); }
  std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b){ return a.key < b.key || (a.key == b.key && a.i < b.i); });
  return hits.empty() ? 0 : hits[0].d; }
int main(int argc, char** argv){ Cloud c; c.p = rd(argv[1]); auto q = rd(argv[2]); int rounds = argc > 3 ? atoi(argv[3]) : 7;
  double radius = argc > 4 ? atof(argv[4]) : 5000;
  double rc = 2*std::sin(radius/(2*R)), rc2 = rc*rc, rcw = rc*(1+1e-9)+1e-9, rc2w = rcw*rcw;
  std::vector<std::pair<uint32_t,double>> m; m.reserve(4096); std::vector<double> mm; mm.reserve(4096);
  std::vector<Hit> hits; hits.reserve(4096); std::vector<double> ra, rb;
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
    b.push_back(std::chrono::duration<double,std::nano>(t2-t1).count()/nq);
    for(size_t i=0;i<nq;i++) s+=chordr(t,&q[3*i],rc2,m,mm);
    auto t3 = std::chrono::steady_clock::now();
    for(size_t i=0;i<nq;i++) s+=havr(t,&q[3*i],&qll[2*i],pll.data(),rc2w,radius,m,hits);
    auto t4 = std::chrono::steady_clock::now();
    ra.push_back(std::chrono::duration<double,std::nano>(t3-t2).count()/nq);
    rb.push_back(std::chrono::duration<double,std::nano>(t4-t3).count()/nq); }
  std::sort(a.begin(), a.end()); std::sort(b.begin(), b.end());
  std::sort(ra.begin(), ra.end()); std::sort(rb.begin(), rb.end());
  printf("kNN: chord %.0f ns (min %.0f), haversine %.0f ns (min %.0f), ratio %.2f | within %.0f m: chord %.0f ns (min %.0f), haversine %.0f ns (min %.0f), ratio %.2f  [%g]\n",
         a[rounds/2], a[0], b[rounds/2], b[0], b[rounds/2]/a[rounds/2], radius, ra[rounds/2], ra[0], rb[rounds/2], rb[0], rb[rounds/2]/ra[rounds/2], s);
}
