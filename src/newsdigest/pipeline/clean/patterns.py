"""Every pattern and threshold the line rules use, each with the reason it holds.

They describe kinds of text (a byline, a photo credit, a menu), never one site."""

from __future__ import annotations

import re

# A photo credit names a photographer and an agency; a caption is a sentence or two.
MAX_CREDIT_WORDS = 10
MAX_CAPTION_WORDS = 40
# Headlines end without a full stop; a line that ends like a sentence is prose.
SENTENCE_END = re.compile(r"[.,;:]\s*$")
MAX_TITLE_WORDS = 20
HEADLINE_SHARE = 0.6  # of a line's characters in title-case or all-caps runs
TITLE_BODY_MIN_RATIO = 2  # a first line is a title only above a body at least twice its length
GLUED_PIECES_MIN = 2  # two joins in one line: pieces pasted together, not one brand name
BOILERPLATE = re.compile(
    r"^\W*(read (more|full (story|article))|continue reading|click here|advertisement|advertising|sponsored"
    r"|share( this| on)?|tweet|e-?mail this|print( this)?|sign (in|up)|log ?in|subscribe|newsletter|cookies?"
    r"|we use cookies|accept (all )?cookies|privacy( policy| notice)?|terms (of|and) (use|service|conditions)"
    r"|all rights reserved|copyright|©|follow us|skip to|back to top|jump to|loading|download (the|our) app"
    r"|listen to (this|the) (article|story)|watch:|video:|image:|photo:|getty images|open in app)\b",
    re.IGNORECASE,
)
SECTION_HEADER = re.compile(
    r"^\W*(related( news| articles| stories| coverage| content| posts| topics| reading)?|similar (news|stories|articles)"
    r"|more (from|on|stories|news|in|like this|to read)|recommended( for you| stories)?"
    r"|you (may|might) (also )?(like|enjoy|be interested)|read next|see also|most (read|popular|viewed|shared)"
    r"|trending( now| stories)?|popular (now|stories)|top stories|latest (news|stories|headlines)"
    r"|comments?|leave a (comment|reply)|further reading|what to read next|editors'? picks)\b",
    re.IGNORECASE,
)
# "By Jane Smith", not "By early 2005 the net …": a name follows.
BYLINE = re.compile(
    r"^(?i:by|written by|words by|reporting by|posted by|story by|author:?"
    r"|(?:medically |clinically )?reviewed by|fact[- ]checked by|edited by)\s+[A-Z]"
)
# An author's name with their handle: "Nishant Kumar @Nishantopines", "Natasha Turak@NatashaTurak".
AUTHOR_HANDLE = re.compile(r"^[A-Z][\w.'’-]+( [A-Z][\w.'’-]+){0,3}\s*@\w+$")
# A dateline on a line of its own: "BAAR, SWITZERLAND".
PLACE_LINE = re.compile(r"^[A-Z][A-Z.'’ -]+, [A-Z][A-Z.'’ -]+$")
# A blog post's own record of where it was filed: "Posted in C++, Microsoft | 16 Comments",
# "This entry was posted in Prospects. Bookmark the permalink.", "… filed under Cities &
# Urbanism in the Architecture category." "Posted in" only at a line's start: "a video
# posted in May" is a story's. On the development pages 45 such lines are not body and 1 is
# (a recipe's "Filed under: Dressings, Sauces"); none in the well-formed sets.
POST_RECORD = re.compile(
    r"^\W*(posted|filed) (in|under)\b|\bfiled under\b|\bthis entry was posted\b|\bbookmark the permalink\b",
    re.IGNORECASE,
)
# A blog's record names the post's categories and tags too ("This entry was posted on
# Saturday, October 16th, 2010 at 12:32 pm and is filed under …. You can follow any
# responses …"): two such lines of 44 and 63 words, none longer in gold.
POST_RECORD_MAX_WORDS = 70
# "Meg James is a corporate media reporter for …": the author's bio, not the story.
AUTHOR_BIO = re.compile(
    r"^[A-Z][\w.'’-]+( [A-Z][\w.'’-]+){0,3} (is|was|has been) an? ([\w-]+ ){0,4}"
    r"(reporter|writer|correspondent|editor|columnist|journalist|contributor|producer|author|critic)\b"
)
# Promotions and site furniture that can sit anywhere in a line.
PROMOTION = re.compile(
    r"\b(subscribe|unsubscribe|newsletters?|sign up (for|to) (our|the|free)|sign up (now|here|today)|opt-in"
    r"|(to|in) your inbox|affiliate (links?|commission)|privacy policy|terms of (use|service)|all rights reserved"
    r"|advertisement|follow us|click here|our app|free trial)\b",
    re.IGNORECASE,
)
CAPTION = re.compile(
    r"^(file photo|above|below|pictured|top|left|right|inset|photo|image)\s*[:\-–]\s|\b(pictured|photographed)\b"
    # A credit at the very end, without a full stop: "(Manu Fernandez/AP)", "… / AP file".
    r"|(/\s*[\w ]+|\bvia\s+[A-Z][\w ]+|\bcredit\s*:\s*[\w ]+)[)\]]?\s*$"
    r"|^\(.*\)$|^\[.*\]$"
    # Agency photo captions date the picture: "… in Indianapolis, Tuesday, Nov. 19, 2019, …"
    r"|\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday), (jan|feb|march|april|may|june|july|aug|sept?|oct|nov|dec)[a-z]*\.? \d{1,2}, \d{4}\b"
    r"|^an? (artist'?s?|computer[- ]generated)? ?(illustration|rendering|impression|image|photo|view) (of|shows)\b",
    re.IGNORECASE,
)
# A caption places the people in its photo or dates the photo: "Ann Lee, left, and …",
# "… (right) …", "… in this June 3, 2007, file photo". Prose rarely does either: no line
# of 45 words or fewer in the well-formed sets matches, so one such caption also tells a
# page (an HTML page's extracted text with its photo captions) from a pasted article.
PHOTO_POSITION = re.compile(
    r"\((left|right|centre|center)\)|, (left|right),|\bin this( \w+){0,3} (photo|image|picture|photograph)\b"
    r"|\b(file|undated) (photo|picture|image)\b",
    re.IGNORECASE,
)
PHOTO_POSITION_MAX_WORDS = 45  # a caption of two sentences
# An agency caption says what the named person does in the photo, in the present tense:
# "Fidel Edwards celebrates during …", "Chelsea manager Ann Lee reacts after …": a name
# (with the team and role before it) and the verb. A story tells it in the past
# ("celebrated"), or with no name before the verb ("The issue poses a problem during …");
# on the development pages 5 lines open so, none in gold, none in the well-formed sets
# (which do print "… waves to the crowd after …" and "… speaks about …", so those verbs
# are not in the list).
PHOTO_ACTION = re.compile(
    r"^([A-Z][\w.'’-]+ ){0,4}([a-z]+ ){0,2}([A-Z][\w.'’-]+ ){1,3}"
    r"(celebrates|reacts|gestures|looks on|poses|is congratulated|is tackled|shakes hands)\b"
    r".{0,80}\b(during|after|against|at|in|with)\b"
)
# A site greeting its reader ("Welcome to the … blog, where …", "You're reading …, a
# publication about …") is the site's banner, not a story.
SITE_WELCOME = re.compile(
    r"^\W*(welcome to\b.*\b(site|blog|website|web|your (source|home)|official|magazine|community|sign in|register)\b"
    r"|you('|’)re reading\b|consider (a donation|donating)\b)",
    re.IGNORECASE,
)
SITE_WELCOME_MAX_WORDS = 60
# An organisation's tagline, the site describing itself as the best in its field: "The
# number one site for …", "Acme, America's leading source of …", "Acme is the premier
# destination for …". On the development pages six such sentences, none in a gold body;
# no sentence of the well-formed sets opens so ("the world's largest manufacturer of …"
# is news, so neither "largest" nor makers are in the list).
SITE_TAGLINE = re.compile(
    r"^\W*([A-Z][\w.'’&-]*,?\s){0,5}((is|are)\s)?(the|a|an|your|[A-Z][\w.]*'s|[A-Z][\w.]*’s)\s"
    r"(number one|no\.? ?1|#1|leading|premier|foremost|ultimate|one-stop)\s(online\s|independent\s)?"
    r"(web ?site|site|source|provider|supplier|resource|destination|portal|retailer|shop|store)s?\s(of|for)\b",
    re.IGNORECASE,
)
SITE_TAGLINE_MAX_WORDS = 40  # a tagline is one sentence; it may list what the shop sells
# An offer made to the reader, in the imperative: "Get $45 off your purchase, plus FREE
# shipping!", "Save over 50% off the newsstand price." Five lines on the development
# pages, none in gold, none in the well-formed sets; a deals article's own sentences
# ("Amazon is taking $100 off …") describe the offer and are not imperatives.
SHOP_OFFER = re.compile(
    r"^\W*(get|enjoy|save|take|receive)\b.{0,40}((\$|£|€)\d[\d,.]* off\b|\b\d+ ?% off\b|free (shipping|delivery)\b)",
    re.IGNORECASE,
)
SHOP_OFFER_MAX_WORDS = 25
# A turn of an interview printed as questions and answers ("Q: Favorite books?", "A: Two
# of them."): the story's own words however short. On the development pages 36 lines open
# so, all in a gold body; a menu's "A - Z" and a list's "a." have no colon after a capital.
INTERVIEW_TURN = re.compile(r"^(Q|A|Question|Answer|QUESTION|ANSWER) ?: +\S")
# Links announce themselves: an arrow at the edge ("Next Page »", "« Previous post") or
# items between pipes ("Terms of Service | Privacy Policy | Sitemap"). On the scraped
# development pages such lines are page furniture 1,032 times and in a gold body 5 times.
LINK_ARROW = re.compile(r"^\s*[«‹]|[»›]\s*$")
PIPE_MENU = re.compile(r"^[^|]{1,60}(\s\|\s[^|]{1,60}){2,}\s*\|?\s*$")
LINK_LINE_MAX_WORDS = 25
# A menu of any length: many items between pipes, nearly all a few words with no sentence
# in them ("Politics | India | Movies | … | Tech"). On the development pages 231 such lines
# are page furniture and one is in a gold body (a list of outlets); none in the well-formed
# sets. Table rows have pipes too, but their cells hold figures (an item with a digit is no
# menu item) and the rows above or below them have as many pipes (``rules.mark_pipe_menus``).
PIPE_MENU_MIN_ITEMS = 6
PIPE_MENU_ITEM_MAX_WORDS = 4
PIPE_MENU_SHORT_SHARE = 0.8
PIPE_MENU_NOT_ITEM = re.compile(r"[.!?](\s|$)|\d")
# Where the page sits in its site: "You are here: Home » Sport » Cricket". Only typographic
# arrows: "click Analysis > Compare" is an instruction in a story.
BREADCRUMB = re.compile(r"^\W*you are (in|here)\s*:|(\s[»›]\s[^»›]{1,40}){2,}", re.IGNORECASE)
BREADCRUMB_MAX_WORDS = 40
# A site's legal notice, however long ("© 2012 … All rights reserved. This material may not
# be published, broadcast, rewritten or redistributed."). On the development pages 104
# such lines of 13 to 80 words are not body and 2 are (notices the gold kept); none in
# the well-formed sets. Shorter ones are BOILERPLATE already. A reprint licence ("This copy
# is for your personal, non-commercial use only", "… is governed by our Terms and
# Conditions"): 7 more lines, none in gold or the well-formed sets.
LEGAL_NOTICE = re.compile(
    r"\ball rights reserved\b|\bmay( not|n.t)? be (published|reproduced|copied|redistributed|rewritten|republished)\b"
    r"|\bwithout (the )?(prior )?(express )?written permission\b|\bfor (your )?personal,? non-?commercial use\b"
    r"|\bgoverned by (our|the) (terms|conditions|subscriber agreement|user agreement|privacy policy)\b",
    re.IGNORECASE,
)
LEGAL_NOTICE_MAX_WORDS = 80
COOKIE_NOTICE = re.compile(r"\bcookies?\b.*\b(website|browser|consent|experience|third[- ]party)\b", re.IGNORECASE)
# The calendar date inside a dateline ("Updated 10:01 pm PST, Tuesday, November 19, 2019",
# "4:19p.m. 19 January 2008", "By admin - 2018-09-16"), for the digest's ISO date.
_MONTH = (
    r"(?P<{}>january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\b\.?"
)
CALENDAR_DATE = re.compile(
    rf"\b{_MONTH.format('month')}\s+(?P<day>\d{{1,2}})(st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b"
    rf"|\b(?P<day2>\d{{1,2}})(st|nd|rd|th)?\s+{_MONTH.format('month2')},?\s+(?P<year2>\d{{4}})\b"
    r"|\b(?P<iso>\d{4}-\d{2}-\d{2})\b",
    re.IGNORECASE,
)
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
DATE = re.compile(
    CALENDAR_DATE.pattern + r"|\b(updated|published|posted)\b.*\d"
    # A relative timestamp opening its line ("3 days ago", "Updated an hour ago"): 93 lines
    # on the development pages, none in gold; a sentence saying "two years ago" is no such line.
    r"|^\W*((last )?(updated|published|posted)\s*:?\s*)?(\d+|an?|one)\s+"
    r"(seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago\b",
    re.IGNORECASE,
)
CREDIT = re.compile(
    r"(\b(photo|image|picture|illustration|graphic)s?\b.{0,20}(credit|by|:|©)|\(?(getty images|reuters|ap photo|afp"
    r"|shutterstock|epa|alamy)\)?\s*$)",
    re.IGNORECASE,
)
# The signature under an embedded post: "— Arvind Kejriwal (@ArvindKejriwal) November 1, 2019".
EMBED_ATTRIBUTION = re.compile(r"^[—–-]\s*\S.{0,80}\(@\w+\)")
# The post itself stands in the lines above its signature; a post is short (a tweet is
# 280 characters, about 50 words), so the lines above count as the post up to this many words.
EMBED_POST_MAX_WORDS = 60
# The heading of a publisher's summary box above the story ("Key Points" and its bullets):
# a second telling of the story, not the story.
HIGHLIGHTS_HEADER = re.compile(
    r"^\W*(key (points|takeaways|facts)|(story )?highlights|at a glance|in brief|tl;? ?dr|the gist"
    r"|what you need to know|quick read|in short|summary)\W*$",
    re.IGNORECASE,
)
HIGHLIGHTS_MAX_LINES = 6
HIGHLIGHTS_MAX_ABOVE = 0.2  # share of the page's prose words above the box
# A headline run into its own teaser at an all-caps dateline, mid-line: "Indian-origin man
# pleads guilty to fraud scheme in US NEW YORK: An Indian-origin man has …" (a news ticker).
TEASER = re.compile(r"[^\sA-Z]\s+(?:[A-Z][A-Z.'’-]+,?\s){0,3}[A-Z][A-Z.'’-]{3,}\s?(?::|\s[—–])\s+[A-Z“\"]")
RELATED_HEADING_MAX_WORDS = 4
RELATED_LIST_MAX_LINES = 10
RELATED_ITEM_MAX_WORDS = 20
# Another story of the same site, linked inside the article: "Also on rt.com Journalists …".
ALSO_ON = re.compile(r"^\W*also on [\w-]+(\.[\w-]+)+\b", re.IGNORECASE)
# A short paragraph that ends by asking for a sign-up is an advertisement for the site.
CALL_TO_ACTION = re.compile(
    r"^\W*(sign up|subscribe|follow us|click here|download (the|our)|register (now|here|for free))\b", re.IGNORECASE
)
PROMOTED_PARAGRAPH_MAX_WORDS = 60
# A blog's profile box ends with a link to the writer's profile; the paragraph above it is
# the writer's blurb ("I have been an NYC advertising copywriter for 19 years."). On the
# development pages six such links on six blogs, none of the paragraphs above in gold.
PROFILE_LINK = re.compile(r"^\W*(view|see) (my|his|her|the author'?s?)( complete| full)? profile\W*$", re.IGNORECASE)
# The site asking the reader to use its services, in the imperative and naming itself:
# "Submit your Pics: Upload photos … in our Pics section", "Get our news feed sent directly
# to your web site, syndicate us", "Send us a tip", "Visit our partner site". On the
# development pages 207 lines of 25 words or fewer open so, 3 of them in gold (one page's
# gold keeps its newsletter prompt); no sentence of the well-formed sets does. A quoted
# call ("“Join us on the march,” the union said.") is a story's sentence.
READER_CALL = re.compile(
    r"^[-–•*·>\s]*(get|submit|upload|join|follow|download|subscribe|sign up|register|send|visit|check out|browse|try)\b"
    r".*\b(our|us)\b",
    re.IGNORECASE,
)
READER_CALL_MAX_WORDS = 25
SENTENCE_START = re.compile(r"(?<=[.!?])\s+(?=[\"“'‘(]?[A-Z])")

KNOWN_TITLE_LINES = 3
HEADER_MAX_LINES = 6  # lines at the top of the run where a byline or date ends the header
# The headline is looked for this many lines above the story, past share bars, toolbars,
# bylines and captions; of the lines there that read as a title, the nearest that shares
# TITLE_MIN_SHARED_WORDS content words with the story's first TITLE_LEAD_WORDS words is
# it (a headline names what its lede tells; "Close share panel" and a writer's name do
# not). Chosen leave-one-source-out against each page's <title> (docs/quality.md).
TITLE_SEARCH_LINES = 30
TITLE_MIN_SHARED_WORDS = 2
TITLE_LEAD_WORDS = 80
TITLE_STEM_LETTERS = 5  # "voters" and "voter", "flooding" and "floods" share a stem
TITLE_WORD = re.compile(r"[^\W_]+")
REPEATS_MAX_LINES = 2000
REPEAT_MIN_WORDS = 6
# A credit line and nothing else: "Photo: Getty Images", "Sanjeev Verma/Hindustan Times/Getty Images".
PHOTO_CREDIT = re.compile(
    r"^\W*(photo|image|picture)s?( credit)?\s*:|^\W*(getty images|shutterstock)\W*$"
    r"|[/|]\s*(getty images|ap|afp|reuters|shutterstock|epa|alamy|bloomberg)\W*$",
    re.IGNORECASE,
)
TAGS_PREFIX = re.compile(r"^\W*(tags?|topics?|keywords?|filed under|categories)\s*[:\-–]\s*", re.IGNORECASE)
TAG_SEPARATORS = re.compile(r"\s*[,;|·•#]\s*")
URL = re.compile(r"https?://|www\.\w|\w@\w+\.\w")
INVISIBLE = re.compile("[\u200b-\u200f\u2060-\u2064\ufeff\u00ad]")
# A line of program text or of a text-drawn table inside a technical article: box-drawing
# rules ("───┼───", "n │ zscore"), a line ending in ";" "{" or "}", a closing bracket on its
# own, a function call ("SELECT avg(n)", "count(*) AS orders"), a line opening with a keyword
# of SQL or of a scripting language and carrying code punctuation, a shell command after its
# "$ " prompt. Template placeholders ("{* loginWidget *}") and labels in braces ("{ 2
# comments }") are page furniture, not code. Short lines between two code lines belong to
# the same listing ("SELECT", "FROM", "n,"). On the development pages 510 lines of twelve
# words or fewer match, 65 of them not in gold (most of those script tags, which are markup
# before they are code); none is in the well-formed sets. A line ending in an HTML entity
# ("… &rsquo;stability&rsquo;") is a headline that kept its markup, not a statement.
CODE = re.compile(
    r"[│─┼═║]{2}|\s[│║]\s|^(?!\{)(?!.*&#?\w+;\s*$).*(?<!\*)[;{}]\s*$|^\s*[)}\]](?!\s*\w)|\b[a-z_][\w.]*\([\w\s,.*'\"]*\)"
    r"|^\s*(SELECT|FROM|WHERE|WITH|GROUP BY|ORDER BY|import|def|return|class|var|let|const)\b.*[(){}=;:,]"
    r"|^\$ [a-z]"  # a shell prompt and its command
)
CODE_LISTING_GAP = 12  # lines at most between two code lines of one listing
MIN_LISTING_LINES = 2  # code lines in a row that later stages leave out of summary, tags and names
# --- how long a line of each kind can be, and what running prose looks like -------------
# Short lines: a link, a byline or a dateline fits in twelve words; a longer line with the
# same words is a sentence about them ("Sign up for the course, the council said, …").
SHORT_LINE_MAX_WORDS = 12
SECTION_HEADING_MAX_WORDS = 8  # "Related stories", "More from the Gazette"; longer is prose
SECTION_HEADING_COLON_WITHIN = 30  # characters: "More on this story: …" introduces a list
CREDIT_LINE_MAX_WORDS = 15  # "Photo: Ann Lee / Harbour Gazette via Getty Images"
AUTHOR_BIO_MAX_WORDS = 60  # an author's blurb is two or three sentences
PROMOTION_MAX_WORDS = 30  # a newsletter pitch; a longer paragraph mentioning one is prose
URL_LINE_MAX_WORDS = 6  # a bare link with its label; a sentence may quote an address
HIGHLIGHTS_HEADER_MAX_WORDS = 5  # "Key Points", "Story highlights"
TAG_LINE_MAX_WORDS = 15  # a publisher's tag line of title-case words
TAG_LINE_WITHIN_LINES = 3  # below the body, past a share bar
KNOWN_TITLE_PART_MIN_WORDS = 3  # the part of a page title after "Opinion |" is a title too
MARKUP_SCAN_CHARS = 2000  # markup shows itself in the first characters of a line
# Running prose: a sentence mark and six words at least, and English function words
# ("the", "of", "and" …) making up 12% or more of the words; a list of names or a headline
# has fewer. A sentence of 15 words, or of 10 ending in a full stop, is prose however dense
# with names; a line of 25 words is prose even without a full stop (a lede that lost it).
SENTENCE_MIN_WORDS = 6
PROSE_MIN_STOP_SHARE = 0.12
LONG_SENTENCE_WORDS = 15
ENDED_SENTENCE_MIN_WORDS = 10
LONG_LINE_WORDS = 25
UNPUNCTUATED_PROSE_WORDS = 20
# A long run of words with no punctuation at all and almost no function words is a list
# of links, not a lede that lost its full stop: a tag cloud ("world workers work women wins
# …"), a column of categories. On the development pages 47 such lines are not body and
# none is; the one in the well-formed sets (a shortlist of names with their countries in
# brackets) has punctuation. A dot inside a word is a site's address, not a full stop
# ("… News Sport Scotsman.com Jobs …": 12 more lines, none body).
WORD_LIST_MIN_WORDS = LONG_LINE_WORDS
WORD_LIST_MAX_STOP_SHARE = 0.06
WORD_LIST_PUNCTUATION = re.compile(r"\.(?!\w)|[!?;:,()\[\]\"“”]")
BULLET = re.compile(r"^[-–•*·]\s")
BULLET_MIN_WORDS = 8
ENDS_SENTENCE = re.compile(r"[a-z\d)][.!?][\"'”’]?$")
SENTENCE_PUNCTUATION = re.compile(r"[.!?]([\"'”’)]|\s|$)")
# A few very common words of English; their density tells running prose from lists.
STOPWORDS = frozenset(
    "the a an of to in and or for on at by with from that this is was are were be been has have had it its as "
    "but not he she they we you i his her their our will would said says".split()
)


# Lines a page puts around an article and an article's own text never holds: menus,
# boilerplate phrases, lists of other stories, a summary box, a tag line, a byline. (None
# of these is found in the 3,418 BBC, CNN/DailyMail and CoNLL articles of ../shared/eval.)
FURNITURE_KINDS = frozenset(
    {"navigation", "boilerplate", "markup", "related", "comments", "highlights", "tags", "byline"}
)
# A credit named as one, not any line ending "/ Name" (results tables have "5 1/2").
CREDIT_NAMED = re.compile(r"\b(photo|image|picture)s?\s*(credit|courtesy)\b", re.IGNORECASE)
# A column of this many short link-like lines in a row is a menu. Results tables and
# line-ups carry digits or punctuation; well-formed news almost never has four such lines
# in a row (BBC 0.1%, CNN/DailyMail 0%, CoNLL 1.4% of articles), while 87-100% of the
# scraped pages of every source in ../shared/eval do; 3 to 6 give the same split.
MENU_MIN_LINES = 4
MENU_ITEM_MAX_WORDS = 4
DIGIT = re.compile(r"\d")

# "12 Comments", "3 Responses": a count of readers' comments.
_COMMENT_COUNT = r"\d+\s+(comments?|responses?|replies)\b"
# The heading of a comment section: "12 Comments", "3 thoughts on “Title”", "Leave a Reply".
COMMENTS_HEADER = re.compile(
    rf"^\W*({_COMMENT_COUNT}|\d+\s+thoughts\b|(reader |user )?comments?\s*(\(\d+\))?\W*$"
    r"|leave a (comment|reply)|add (a|your) comment|post a comment|join the (conversation|discussion)"
    r"|comments are closed|you can follow this conversation)",
    re.IGNORECASE,
)
COMMENTS_HEADER_MAX_WORDS = 12
# A comment section shows who wrote each comment and when: signatures confirm a heading
# ("Comments" can also be a link inside the story).
COMMENT_SIGNATURE = re.compile(
    r"\b(\d{1,2}:\d{2}\s*([ap]\.?m\.?)?|reply|says:|wrote:|posted (by|at|on)|permalink|report abuse)(\W|$)",
    re.IGNORECASE,
)
COMMENT_SIGNATURES_MIN = 2
# Without a heading, a comment section still shows itself as a thread: short signature
# lines (a name with a date or time: "Jermaine 07 Nov 12", "Tyler07-25-2012", "Ann says:")
# each followed by the comment's prose. Three signed posts in a row are a thread; one or
# two may be an article's own dated sections.
THREAD_SIGNATURE_MAX_WORDS = 10
THREAD_DATE = re.compile(
    r"\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}\b|\b\d{1,2}\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+\d{2,4}\b"
    r"|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}\b"
    r"|\b(says|said|wrote)\s*:\s*$|\b(at|on)\s+\d{1,2}:\d{2}\b",
    re.IGNORECASE,
)
THREAD_MIN_POSTS = 3
THREAD_POST_MAX_LINES = 8  # lines from one signature to the next inside a thread
COMMENT_SIGNATURES_WITHIN_LINES = 40
COMMENT_FORM_WITHIN_LINES = 5  # "Comments" then "Add your comment": the section names itself twice
# Prose words above a comment section's heading: the story has been told. A "3 Comments"
# link under the headline is not the start of the comments.
COMMENTS_MIN_PROSE_ABOVE = 80
# Share buttons, tags and a byline often stand between the story and its comments.
COMMENTS_BELOW_RUN_LINES = 15
# A comment section's own controls name it with a count or a verb: "Load All Comments",
# "100 of 427 comments loaded", "Search 427 Comments", "View 12 comments".
# The comment form asks its reader to sign in: "Please sign in to comment.", "Login or
# Register to comment", "You must login or create an account to comment." On the development
# pages 18 such lines, none in gold, none in the well-formed sets. Comments follow it. It
# speaks to the reader: it opens the line, says "you" or "please", or is a few words only;
# "Residents … would need to register to comment on the plan" is a story's sentence.
COMMENT_PROMPT = re.compile(
    r"\b(sign ?up|sign ?in|log ?in|logged in|register(ed)?|create an account)\b[^.!?]{0,40}"
    r"\bto (comment|reply|post (a )?comments?|leave a comment|join the discussion)\b",
    re.IGNORECASE,
)
COMMENT_PROMPT_MAX_WORDS = 25
COMMENT_PROMPT_BARE_MAX_WORDS = 8
# The site's rules for its readers' comments, said to the reader ("By posting a comment, I
# confirm …", "Your comment will be reviewed by the moderator", "Some comments posted here
# may be reviewed …", "Comments are moderated and will not appear until approved"): 18
# lines on the development pages, none in gold, none in the well-formed sets. A story about
# moderation says who moderates ("Facebook said comments are reviewed …"), not "here".
COMMENT_POLICY = re.compile(
    r"\bby (posting|submitting) (a |your )?comments?\b|\byour comment (will|may|has been|is)\b"
    r"|\bcomments? posted here\b|(^|[.!?]\s+)comments? (are|will be|may be) (not )?(pre-)?(moderated|reviewed)\b",
    re.IGNORECASE,
)
COMMENT_POLICY_MAX_WORDS = 90  # a policy runs to a paragraph; an 82-word one on the development pages
# A site's account prompt offers two ways in: "Log in or sign up", "Register / Login", "Why
# don't you create an account right now, or if you already have one, log in!" On the
# development pages 49 such lines, one in gold (a changelog item about a signup/login
# button); none in the well-formed sets. Like a comment prompt it speaks to the reader
# (``rules.is_account_prompt``): "Customers who log in … or register" is a story's sentence.
_ACCOUNT_ACTION = r"\b(log ?in|sign ?in|sign ?up|register|create an account|join)\b"
ACCOUNT_PROMPT = re.compile(rf"{_ACCOUNT_ACTION}[^.]{{0,40}}(\bor\b|/)[^.]{{0,30}}{_ACCOUNT_ACTION}", re.IGNORECASE)
ACCOUNT_PROMPT_MAX_WORDS = 30
# A sign-up form's promise about the reader's address: "Your email address will not be
# published.", "No spam, we promise.", "… your email will never be shared." 17 such lines on
# the development pages, none in gold or in the well-formed sets.
FORM_PRIVACY = re.compile(
    r"\byour (e-?mail|email address|information|details)( address)? will (never|not) be"
    r" (shared|sold|published|displayed|rented)\b|\bwe('ll| will)? (never|won[’']t|do not|don[’']t) (share|sell|rent|spam)\b"
    r"|\bno spam\b",
    re.IGNORECASE,
)
FORM_PRIVACY_MAX_WORDS = 40
# A post's own record carries its comment count ("Posted on: 07-19-2012 With: 1 Comment
# Posted by: Ann"): that line heads the post, not its comments.
POSTED_RECORD = re.compile(r"\bposted (by|on|in|at)\b", re.IGNORECASE)
COMMENT_COUNT = re.compile(rf"\b{_COMMENT_COUNT}", re.IGNORECASE)
READER_ADDRESS = re.compile(r"\b(you|your|please)\b", re.IGNORECASE)
COMMENTS_CONTROL = re.compile(
    r"\b(\d+|all|load|show|view|hide|read|search|sort|newest|oldest)\b[^.!?]{0,25}\bcomments?\b", re.IGNORECASE
)
# The page's own machinery talking: video and audio players, browser and script notices.
PAGE_MACHINERY = re.compile(
    r"^\W*((please )?note:?\s*)?(this (video|content|media|clip|feature) (is|has|was|will|can|requires)"
    r"|your (web )?browser (does not|doesn'?t|is not|isn'?t|is out of date|has been unable|was unable|cannot|can'?t)"
    r"|(please )?(upgrade|update) your browser|(you (need|have) to )?(enable|turn on) javascript"
    r"|javascript (is )?(disabled|required|must be enabled)|you('re| are) using an? (outdated|old|unsupported) browser"
    r"|listen to (this|the) (article|story|report|interview|podcast|episode)\b"
    r")",
    re.IGNORECASE,
)
PAGE_MACHINERY_MAX_WORDS = 25
# A dialog box's own words, wherever they fall in the line (a dialog is often scraped as
# one line with its buttons): "This is a modal window.", "Are you sure you want to share it?"
DIALOG = re.compile(
    r"this is a modal window|(beginning|end) of dialog window|escape will cancel"
    r"|are you sure you want to (share|delete|remove|leave|cancel|unsubscribe|log out|sign out|close)\b",
    re.IGNORECASE,
)
DIALOG_MAX_WORDS = 40
# Markup or script copied as text (old pages carry ad code as literal text): two of these
# in a line are not prose.
MARKUP = re.compile(
    r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>|<!--|-->|\bdocument\.write\b|\bfunction\s*\(|\bvar\s+\w+\s*="
)
MARKUP_MIN_MATCHES = 2
