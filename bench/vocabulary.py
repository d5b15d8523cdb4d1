"""Word and name pools for the synthetic editions of ``bench/generate.py``.

The words and their counts were taken once from the shipped edition's paragraphs,
events and article summaries (``data/2024-09-to-2025-03``), so synthetic text has the
real report's word frequencies: a query for "satellite" matches about as often as it
would in a real edition. They are frozen here rather than read from ``data/`` so that
a change to the shipped data never changes the synthetic editions (same seed and
generator version, same bytes).

The entity names are the shipped edition's canonical spellings, by kind; the generator
adds synthetic names to each pool.
"""

from __future__ import annotations

#: ``word:count`` pairs, most frequent first, from the shipped edition.
WORD_COUNTS = """
the:160 and:110 of:103 in:72 a:62 for:53 to:51 2024:36 The:36 on:36 space:35 China:27 by:27 that:26
China's:25 satellites:24 2025:22 satellite:22 sensing:22 first:20 Space:19 network:19 article:17
6G:16 downloaded:15 launch:15 will:15 December:14 October:14 is:14 aboard:13 development:13 lunar:13
remote:13 with:13 from:12 ISAC:11 Spacesail:11 U.S:11 as:11 launched:11 was:11 world's:11 Chinese:10
at:10 exploration:10 integrated:10 it:10 station:10 6:9 Center:9 one:9 Another:8 CMSA:8 March:8
National:8 On:8 architecture:8 communications:8 early:8 into:8 its:8 orbit:8 technologies:8 test:8
January:7 Technology:7 University:7 constellation:7 deep:7 environmental:7 had:7 internet:7 key:7
late:7 medal:7 missions:7 monitoring:7 since:7 times:7 two:7 were:7 11:6 Aerospace:6 CNKI:6
February:6 It:6 LEO:6 Launch:6 Long:6 commercial:6 computing:6 countries:6 digital:6 entered:6
flight:6 integration:6 launches:6 networks:6 part:6 plane:6 research:6 space-ground:6 table:6
world:6 17:5 An:5 August:5 CAS:5 CSIS:5 Group:5 Haolong:5 Orbit:5 Pakistan:5 Plan:5 Polar:5
Qingzhou:5 Research:5 Science:5 Shenzhou-19:5 Shijian-19:5 Shijian-25:5 astronauts:5 calls:5
cooperation:5 most:5 not:5 plan:5 progress:5 scholars:5 set:5 spacewalk:5 state:5 which:5 1:4 14:4
Academy:4 Agency:4 Atmosphere:4 Authored:4 Commission:4 Development:4 Guangxi:4 Guowang:4 Hainan:4
Pakistani:4 Province:4 Shanghai:4 Upper:4 aiming:4 are:4 areas:4 argued:4 based:4 batch:4 become:4
breakthroughs:4 companies:4 demand:4 developing:4 downloads:4 ecological:4 high-precision:4
including:4 issued:4 made:4 make:4 medals:4 media:4 number:4 proposes:4 provide:4 researchers:4
reviewed:4 second:4 series:4 signed:4 space-land-sea:4 technology:4 2001:3 56:3 8:3 Beijing:3 CASC:3
Corporation:3 Finland:3 International:3 Microsatellites:3 PRC:3 September:3 Strategic:3 Uruguay:3
advantage:3 also:3 application:3 articles:3 be:3 capabilities:3 communication:3 critical:3 dates:3
discussed:3 eventually:3 focus:3 foremost:3 hours:3 in-house:3 international:3 landing:3 leader:3
least:3 likely:3 longest:3 magazine:3 minutes:3 national:3 new:3 observed:3 preceded:3 promote:3
provides:3 rankings:3 received:3 record:3 reusable:3 role:3 sector:3 security:3 services:3 support:3
system:3 ten:3 this:3 three:3 used:3 when:3 widely:3 12:2 15:2 16:2 18:2 1992:2 2-D:2 2-F:2 2021:2
2022:2 2023:2 2027:2 2035:2 2050:2 23:2 28:2 29:2 30:2 5B:2 72:2 8A:2 9:2 A:2 Aeronautics:2
Asia-Pacific:2 Aviation:2 BNU's:2 CASC's:2 Cai:2 Canal:2 Commercial:2 Cooperation:2 Developed:2
Dongfeng:2 Earth:2 Ecology:2 Eighteen:2 Engineering:2 Environment:2 Genesat:2 Great:2 Harbin:2
Industry:2 Jiuquan:2 Key:2 Kinetica-2:2 Laboratory:2 Landspace's:2 Lingdong:2 Long-March:2 MIMO:2
Manned:2 Marine:2 Medium-to-Long:2 Monitoring:2 Multilateral:2 Organizations:2 PRSC-E01:2 Pad:2
Pakistan's:2 Pinglu:2 Post:2 Processes:2 RMB:2 Resource:2 SAR:2 Satellite:2 School:2 Site:2 Song:2
Spaceflight:2 Surface:2 Symposium:2 Taigong:2 Taikonauts:2 Telecommunications:2 Term:2 Thailand:2
Tiangong:2 To:2 Tsinghua:2 Wall:2 Xuzhe:2 Zhuque-3:2 able:2 achieve:2 achieved:2 achievements:2
achieving:2 across:2 addressed:2 advances:2 agreement:2 aims:2 all-domain:2 ambitions:2 an:2
announced:2 antenna:2 applications:2 approximately:2 astronaut:2 been:2 between:2 billion:2 board:2
body:2 both:2 breaking:2 bringing:2 built:2 cargo:2 celestial:2 centered:2 change:2 characteristic:2
claim:2 climate:2 coast:2 compared:2 competition:2 competitiveness:2 completing:2 connect:2
constellations:2 contract:2 core:2 counterparts:2 coverage:2 data:2 declined:2 design:2 developed:2
did:2 directly:2 discusses:2 distributions:2 each:2 enhance:2 enter:2 envisions:2 establish:2
examined:2 expanded:2 facility:2 final:2 flights:2 fly:2 follows:2 foreign:2 founded:2 fourth:2
fuel:2 funding:2 fusion:2 future:2 geomorphic:2 global:2 group:2 has:2 hour:2 ideas:2 identify:2
impact:2 implementation:2 improvement:2 increases:2 influential:2 initial:2 intact:2 involved:2
issue:2 landed:2 large:2 large-scale:2 lastly:2 latest:2 leadership:2 low-cost:2 low-latitude:2
maintenance:2 making:2 manned:2 manufactured:2 manufacturer:2 map:2 mapping:2 marking:2 may:2 meet:2
million:2 mineral:2 minerals:2 minute:2 mission:2 mobile:2 modeling:2 months:2 moon's:2
multi-launch:2 navigation:2 needs:2 newly-constructed:2 noted:2 observation:2 obtain:2 on-orbit:2
only:2 onto:2 optical:2 other:2 out:2 overall:2 payload:2 payloads:2 performance:2 phase:2 phones:2
physical:2 planet:2 planetary:2 planned:2 pollution:2 pool:2 popular:2 previous:2 proceed:2
procurement:2 proposals:2 proposed:2 protection:2 prototype:2 prototypes:2 reactivity:2 real-time:2
recent:2 recommended:2 reduction:2 regions:2 released:2 replenishment:2 reported:2 required:2
resource:2 response:2 restoration:2 review:2 revolutionary:2 rocket:2 round:2 scale:2 science:2
sciences:2 scientific:2 select:2 service:2 serving:2 sets:2 several:2 should:2 site:2 slightly:2
small:2 space-air-ground:2 stage:2 strengthen:2 subsidiary:2 successful:2 suggestions:2 supply:2
system's:2 tasks:2 tender:2 they:2 thought:2 ties:2 together:2 topographic:2 total:2 track:2 train:2
twin:2 twins:2 usage:2 using:2 vehicle:2 vision:2 walk:2 well:2 while:2 whom:2 yet:2 your:2 14th:1
AVIC's:1 Aircraft:1 Among:1 BNU:1 Both:1 Capella:1 Chengdu:1 Design:1 Five:1 From:1 Given:1 Honghu:1
However:1 ICEYE:1 In:1 Innovation:1 Institute:1 Normal:1 Notable:1 Quantitative:1 Recent:1 SOEs:1
Sciences:1 Shijian:1 Shiyan:1 Starlink:1 There:1 These:1 This:1 Umbra:1 X-band:1 Year:1 ability:1
academia:1 academic:1 acquire:1 acquiring:1 advanced:1 allies:1 although:1 ambition:1 amid:1
analysis:1 another:1 any:1 attack:1 awarded:1 back:1 below:1 bloggers:1 called:1 clear:1 come:1
community:1 concept:1 convert:1 covering:1 crewed:1 database:1 details:1 dig:1 dominance:1
downplayed:1 effort:1 enterprises:1 enthusiasm:1 era:1 experiments:1 face:1 far-reaching:1 firms:1
fit:1 following:1 foster:1 further:1 gave:1 gravity:1 growing:1 have:1 having:1 high:1 hosted:1
identified:1 implement:1 improving:1 include:1 indicating:1 industry:1 integrate:1 intelligence:1
interpreted:1 joint:1 journal:1 lack:1 launching:1 leap:1 life:1 main:1 marked:1 market:1 means:1
mega:1 mega-constellation:1 metadata:1 more:1 name:1 narrative:1 nature:1 occupied:1 operations:1
opposed:1 or:1 orbital:1 partners:1 perform:1 placed:1 planes:1 planning:1 platform:1 policy:1
portion:1 positions:1 primary:1 products:1 programs:1 projects:1 propagating:1 protect:1 provided:1
providing:1 proximity:1 public-facing:1 published:1 purpose:1 ranking:1 receive:1 references:1
refers:1 regarding:1 related:1 relatively:1 rendezvous:1 reporting:1 revisit:1 rise:1 rollout:1
said:1 satellite-related:1 scenarios:1 scientists:1 segment:1 show:1 smart:1 some:1 space-based:1
specific:1 state-owned:1 steady:1 stood:1 subsequent:1 successfully:1 such:1 suggests:1 summarizes:1
systems:1 tamping:1 tanks:1 targeted:1 technological:1 testing:1 than:1 then:1 there:1 think:1
threat:1 threaten:1 time:1 tools:1 topic:1 transformative:1 trending:1 understanding:1 until:1 use:1
value-added:1 verify:1 window:1 zero:1
"""

ORGANISATIONS = (
    "AVIC", "Aerospace China", "Asia-Pacific Multilateral Space Technology Cooperation Symposium", "BNU",
    "Beijing University of Post and Telecommunications", "CAS", "CAS Innovation Academy for Microsatellites",
    "CAS Space", "CASC", "CAST", "CGST", "CMSA", "CNKI", "CSIS", "Capella Space",
    "Chengdu Aircraft Research and Design Institute", "China Great Wall Industry Corporation",
    "China National Space Agency", "China Siwei", "Genesat", "Guangxi Marine Environment Monitoring Center",
    "Harbin University of Technology", "ICEYE", "Landspace",
    "National Key Laboratory on Earth Surface Processes and Resource Ecology",
    "Pakistan Space and Upper Atmosphere Research Commission", "Shanghai Academy of Spaceflight Technology",
    "Shanghai Engineering Center for Microsatellites", "Shanghai Space Research Institute", "Spacety",
    "Tsinghua University School of Aeronautics and Aviation", "Umbra", "Zhuhai Orbita",
)
PEOPLE = ("Cai Xuzhe", "Song Lingdong")
SPACECRAFT = (
    "Chaohu-1", "Gaofen-1, Gaofen-2", "Gaofen-5", "Gaojing-01", "Gaojing-03", "Guowang", "Haolong", "Honghu",
    "Jilin-1", "Jilin-1 Spectral 01/02", "Jilin-1 video satellites", "OHS", "OVS-2/3", "PRSC-E01", "Qingzhou",
    "Shenzhou-19", "Shijian-19", "Shijian-25", "Shiyan", "Spacesail", "Tiangong", "Ziyuan-1",
)
VEHICLES = ("Kinetica-2", "Long March 2-D", "Long March 2-F", "Long March 5B", "Long March 8A", "Zhuque-3")
PLACES = (
    "Dongfeng landing site", "Finland", "Guangxi Province", "Hainan Commercial Launch Site", "Hainan Province",
    "Jiuquan Satellite Launch Center", "Moon", "Pakistan", "Pinglu Canal", "Thailand", "U.S.", "Uruguay",
)

#: A few names written in Chinese, so wide characters reach every list, table and search.
CJK_ORGANISATIONS = ("中国航天科技集团", "中国科学院空天信息创新研究院")
CJK_SPACECRAFT = ("天宫", "嫦娥七号", "鹊桥二号")
CJK_PLACES = ("文昌航天发射场",)

#: Chinese phrases the report quotes, dropped into some paragraphs with an English gloss.
CJK_PHRASES = (
    ("space-air-ground-sea integration", "天空地海"),
    ("one thought and the world is at your will", "一念天地，万物随心"),
    ("new quality productive forces", "新质生产力"),
    ("space power", "航天强国"),
)

TAGS = (
    "6g", "astronauts", "cargo", "commercial-remote-sensing", "competitiveness", "crewed-spaceflight",
    "deep-space-exploration", "digital-twins", "direct-to-device", "environmental-monitoring", "funding",
    "international-cooperation", "isac", "launch-services", "launch-sites", "launch-vehicles",
    "leo-satellite-internet", "lunar-exploration", "mega-constellations", "on-orbit-servicing", "policy",
    "procurement", "rankings", "records", "refuelling", "remote-sensing", "rendezvous-and-proximity-operations",
    "research-trends", "reusable-satellites", "sar", "satellite-internet", "satellite-recovery", "space-planes",
    "space-science", "space-station", "spacewalk",
)

#: The event categories data/README.md allows.
CATEGORIES = (
    "crewed spaceflight", "satellites", "space planes", "international cooperation", "constellations",
    "lunar exploration", "policy", "industry", "research",
)

SECTORS = (
    "C-band SAR", "Hyperspectral", "Longwave IR", "Medium-wave IR", "Multispectral", "Opto-electronic imaging",
    "Opto-electronic revisit", "Opto-electronic video", "Shortwave IR", "X-band SAR", "SAR revisit",
)
MEDAL_COMPANIES = ("CAST", "CGST", "China Siwei", "Shanghai Space Research Institute", "Spacety", "Zhuhai Orbita")

#: Pinyin syllables; pairs of them make synthetic names ("Tianxing", "Haiyun").
SYLLABLES = (
    "an", "bei", "chang", "dong", "feng", "gao", "guang", "hai", "hong", "hua", "jin", "kai", "lan", "long",
    "ming", "ning", "peng", "qi", "qing", "rui", "shen", "shi", "song", "tai", "tian", "wei", "wen", "xin",
    "xing", "yao", "yu", "yun", "zhi", "zhong",
)
SURNAMES = ("Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu", "Xu", "Sun", "Ma",
            "Zhu", "Hu", "Guo", "He", "Lin", "Gao", "Luo")
CITIES = ("Beijing", "Shanghai", "Xi'an", "Chengdu", "Wuhan", "Changsha", "Shenzhen", "Hefei", "Nanjing",
          "Harbin", "Tianjin", "Guangzhou")
