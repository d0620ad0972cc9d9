# board_html.jq - a static HTML page of the board at one instant, for bench/chromium.sh:
# the same sections (header with the event and its clocks, now, next, an info card,
# footer), colours (the board's palette, app/core/layout/layout_int.h), fonts (Noto Sans
# and Noto Sans CJK through their local names) and sizes (measured on the 1920x1080 frame
# of `hallboard render`). No script, no network: a kiosk page at its simplest.
# Input: `hallboard state --at T --lang L`. Arguments: --arg lang (en or zh: the board's
# own words), --argjson follow (the state at the start of the next session: its `next` is
# the session after it) and --slurpfile feed (the feed: the cards' texts, halls' names).
# Usage: jq -r --arg lang en --argjson follow "$(hallboard state --at NEXT)" \
#          --slurpfile feed app/seed/gmooc2020.json -f bench/board_html.jq STATE.json

def esc: tostring | @html;
def words: {en: {now: "Now", next: "Next", after: "The event is over", before: "Coming soon", break: "Break",
  overnight: "See you tomorrow"}, zh: {now: "正在进行", next: "接下来", after: "活动已结束",
  before: "即将开始", break: "休息", overnight: "明天见"}}[$lang];
def say($w; $n): if $lang == "zh"
  then {left: "剩余\($n)分钟", min: "\($n)分钟后", h: "\($n)小时后"}[$w]
  else {left: "\($n) min left", min: "in \($n) min", h: "in \($n) h"}[$w] end;
def tr: .[$lang] // .en;
def secs: fromdateiso8601;
def day: (.date | strptime("%Y-%m-%d")) as $t | if $lang == "zh"
  then ($t | strftime("%-m月%-d日 ")) + "周" + ("日一二三四五六" | split("")[$t[6]])
  else $t | strftime("%a %-d %b") end;
def span: [.local[] as $l | "\($l.start) \(.zones[$l.zone] // $l.zone)"] | join(" · ");
def until($at): ((secs - ($at | secs)) / 60 | floor) as $m
  | if $m < 60 then say("min"; $m) else say("h"; $m / 60 | floor) end;
def card($feed): . as $id | ($feed.cards[] | select(.id == $id)) as $c
  | "<div class=card><h3>\($c.title | tr | esc)</h3><p>\($c.body | tr | esc)</p></div>";
def next_item($at; $zones):
  "<div class=item><div class=when><span>\(. + {zones: $zones} | span | esc)</span>"
  + "<b>\(.start | until($at) | esc)</b></div><h2>\(.title | esc)</h2>"
  + "<div class=who>\(.speakers | join(" · ") | esc)</div></div>";

. as $s | $feed[0] as $f
| ([$s.clocks[] | {key: .zone, value: .label}] | from_entries) as $zones
| ([$f.halls[] | {key: .id, value: .name | tr}] | from_entries) as $halls
| "<!DOCTYPE html><html><head><meta charset=utf-8><title>\($s.event | esc)</title><style>
body{margin:0;width:1920px;height:1080px;overflow:hidden;background:#0d1b2a;color:#fff;
 font-family:'Noto Sans','Noto Sans CJK SC',sans-serif}
.page{position:relative;margin:0 96px;height:1080px}
header{display:flex;justify-content:space-between;border-bottom:3px solid #2a4160;height:232px}
header h1{font-size:50px;margin:58px 0 0}
.clocks{display:flex;gap:112px;margin-top:58px;margin-right:40px}
.clock{text-align:center;color:#c5ced9;font-size:24px;line-height:36px}
.clock b{display:block;color:#fff;font-size:60px;line-height:84px}
main{display:flex;gap:32px;margin-top:28px}
.now{flex:0 0 984px}.next{flex:1}
h4{color:#ffd166;font-size:28px;margin:0 0 8px}
.sess{border-left:8px solid #4fc3f7;padding-left:14px}
.sess h2{font-size:78px;margin:0;line-height:100px}
.sub{color:#c5ced9;font-size:24px;line-height:36px}
.who,.where{color:#c5ced9;font-size:30px;line-height:54px}
.bar{display:flex;align-items:center;justify-content:space-between;font-size:30px;font-weight:bold}
.groove{width:656px;height:12px;background:#2a4160}.fill{height:12px;background:#4fc3f7}
.card{background:#1b2d45;padding:12px 16px;margin-top:24px}
.card h3{font-size:38px;margin:0 0 8px}.card p{color:#c5ced9;font-size:28px;line-height:40px;margin:0}
.item{border-left:8px solid #4fc3f7;padding-left:14px;margin-bottom:24px}
.item h2{font-size:64px;line-height:90px;margin:0}
.when{display:flex;justify-content:space-between;color:#c5ced9;font-size:28px}
.when b{color:#ffd166}
.over{font-size:64px;margin:16px 0 0}
footer{position:absolute;bottom:60px;color:#c5ced9;font-size:24px}
</style></head><body><div class=page>
<header><h1>\($s.event | esc)</h1><div class=clocks>\([$s.clocks[]
  | "<div class=clock><b>\(.time)</b>\(.label | esc)<br>\(day)</div>"] | join(""))</div></header>
" + (if ($s.now | length) > 0 then
  ($s.now[0] as $n | "<main><div class=now><h4>\(words.now)</h4><div class=sess><h2>\($n.title | esc)</h2>
<div class=sub>\($n.subtitle // "" | esc)</div><div class=who>\($n.speakers | join(" · ") | esc)</div>
<div class=where>\($halls[$n.hall] // $n.hall | esc) · \([$n.local[] | "\(.start)–\(.end) \($zones[.zone])"] | join(" · ") | esc)</div>
<div class=bar><div class=groove><div class=fill style=\"width:\($n.progress * 100)%\"></div></div>
\(say("left"; (($n.end | secs) - ($s.at | secs)) / 60 | floor))</div></div>
\($s.cards[0] | card($f))</div>
<div class=next><h4>\(words.next)</h4>\([($s.next + $follow.next)[:2][] | next_item($s.at; $zones)] | join(""))</div></main>")
  else
  "<h2 class=over>\(words[$s.phase] // "" | esc)</h2>
<main>\([$s.cards[:2][] | "<div style=\"flex:1\">\(card($f))</div>"] | join(""))</main>"
  end)
+ "<footer>\($s.source.footer | esc)</footer></div></body></html>"
