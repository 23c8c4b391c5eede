/*
 * Majlis comment embed — plain JavaScript, no build step, no dependencies.
 *
 *   <script src="https://comments.example/static/majlis/embed.js"
 *           data-site="demo" data-url="https://news.example/story" data-title="Headline"
 *           data-lang="en" async></script>
 *
 * Optional: data-description="Summary" (the article's summary, against which comments are judged
 *           relevant; default: the page's <meta name="description"> or og:description),
 *           data-target="css selector" (where to render; default: right after the script),
 *           data-api="https://comments.example" (API base; default: derived from the script's src),
 *           data-css="none" (do not load embed.css).
 *
 * Security: every piece of user data is written with textContent or setAttribute, never innerHTML.
 */
(function () {
  "use strict";

  // Message catalogue keyed by language: the newsroom's six (en, ckb, kmr, ar, fa, tr). Keys are
  // stable identifiers; a missing key falls back to English. Counts pick "count.<plural category>"
  // (Intl.PluralRules: zero/one/two/few/many/other) and fall back to "count.other".
  var MESSAGES = {
    en: {
      "heading": "Comments",
      "count.zero": "No comments yet. Be the first to comment.",
      "count.one": "1 comment",
      "count.other": "{n} comments",
      "order.label": "Sort comments",
      "order.newest": "Newest first",
      "order.oldest": "Oldest first",
      "loading": "Loading comments…",
      "load_more": "Load more comments",
      "load_failed": "Comments could not be loaded. Please try again later.",
      "retry": "Try again",
      "reply": "Reply",
      "reply.cancel": "Cancel reply",
      "report": "Report",
      "report.confirm": "Report this comment to the moderators?",
      "report.done": "Thank you. The moderators will look at this comment again.",
      "report.failed": "The report could not be sent. Please try again.",
      "form.heading": "Add a comment",
      "form.reply_heading": "Reply to {name}",
      "form.name": "Name",
      "form.email": "Email",
      "form.email_hint": "Never shown publicly. We write to you when your comment is moderated.",
      "form.text": "Comment",
      "form.text_hint": "Every comment is read by a moderator before it appears.",
      "form.website": "Leave this field empty",
      "form.submit": "Post comment",
      "form.sending": "Sending…",
      "form.required": "This field is required.",
      "form.email_invalid": "Enter a valid email address.",
      "form.too_long": "Your comment is too long ({n} characters at most).",
      "form.fix_errors": "Please correct the highlighted fields.",
      "form.network_error": "Your comment could not be sent. Check your connection and try again; it will not be posted twice.",
      "form.server_error": "Something went wrong. Please try again.",
      "form.invalid": "Please check this field.",
      "form.rate_limited": "You are posting too fast. Please wait a few minutes and try again.",
      "form.refused": "Your comment was not accepted:",
      "notice.pending": "Thank you. Your comment is awaiting moderation and will appear once a moderator approves it.",
      "closed": "Comments are closed for this article.",
      "guidelines": "Comments must be about the article. No profanity, threats, personal attacks, vulgarity, abuse or promotion. Comments are never edited: they are approved or rejected.",
      "reply.label": "Replies to {name}",
      "posted_by": "Comment by {name}"
    },
    // Sorani (Central Kurdish), Arabic script
    ckb: {
      "heading": "لێدوانەکان",
      "count.zero": "هێشتا هیچ لێدوانێک نییە. یەکەم کەس بە کە لێدوان دەنووسێت.",
      "count.one": "{n} لێدوان",
      "count.other": "{n} لێدوان",
      "order.label": "ڕیزکردنی لێدوانەکان",
      "order.newest": "نوێترین سەرەتا",
      "order.oldest": "کۆنترین سەرەتا",
      "loading": "لێدوانەکان بار دەکرێن…",
      "load_more": "لێدوانی زیاتر پیشان بدە",
      "load_failed": "لێدوانەکان بار نەکران. تکایە دواتر هەوڵ بدەرەوە.",
      "retry": "دووبارە هەوڵ بدەرەوە",
      "reply": "وەڵام",
      "reply.cancel": "هەڵوەشاندنەوەی وەڵام",
      "report": "ڕاپۆرت",
      "report.confirm": "ئەم لێدوانە بۆ چاودێران ڕاپۆرت دەکەیت؟",
      "report.done": "سوپاس. چاودێران جارێکی تر سەیری ئەم لێدوانە دەکەن.",
      "report.failed": "ڕاپۆرتەکە نەنێردرا. تکایە دووبارە هەوڵ بدەرەوە.",
      "form.heading": "لێدوانێک بنووسە",
      "form.reply_heading": "وەڵامدانەوەی {name}",
      "form.name": "ناو",
      "form.email": "ئیمەیڵ",
      "form.email_hint": "هەرگیز بە گشتی پیشان نادرێت. کاتێک لێدوانەکەت هەڵدەسەنگێنرێت ئاگادارت دەکەینەوە.",
      "form.text": "لێدوان",
      "form.text_hint": "هەموو لێدوانێک پێش بڵاوبوونەوە لەلایەن چاودێرێکەوە دەخوێنرێتەوە.",
      "form.website": "ئەم خانەیە بە بەتاڵی جێبهێڵە",
      "form.submit": "ناردنی لێدوان",
      "form.sending": "دەنێردرێت…",
      "form.required": "پڕکردنەوەی ئەم خانەیە پێویستە.",
      "form.email_invalid": "ئیمەیڵێکی دروست بنووسە.",
      "form.too_long": "لێدوانەکەت زۆر درێژە (زۆرترین {n} پیت).",
      "form.fix_errors": "تکایە ئەو خانانە ڕاست بکەرەوە کە دیاری کراون.",
      "form.network_error": "لێدوانەکەت نەنێردرا. پەیوەندیی ئینتەرنێتەکەت بپشکنە و دووبارە هەوڵ بدەرەوە؛ دوو جار بڵاو ناکرێتەوە.",
      "form.server_error": "هەڵەیەک ڕوویدا. تکایە دووبارە هەوڵ بدەرەوە.",
      "form.invalid": "تکایە ئەم خانەیە بپشکنە.",
      "form.rate_limited": "زۆر بە خێرایی دەنووسیت. تکایە چەند خولەکێک چاوەڕێ بکە و دووبارە هەوڵ بدەرەوە.",
      "form.refused": "لێدوانەکەت وەرنەگیرا:",
      "notice.pending": "سوپاس. لێدوانەکەت چاوەڕێی هەڵسەنگاندنە و دوای ئەوەی چاودێرێک پەسەندی کرد دەردەکەوێت.",
      "closed": "لێدوان بۆ ئەم بابەتە داخراوە.",
      "guidelines": "لێدوانەکان دەبێت پەیوەندییان بە بابەتەکەوە هەبێت. جنێو، هەڕەشە، هێرشی کەسی، قسەی ناشیرین، سووکایەتی و ڕیکلام ڕێگەپێدراو نین. لێدوانەکان هەرگیز دەستکاری ناکرێن: یان پەسەند دەکرێن یان ڕەت دەکرێنەوە.",
      "reply.label": "وەڵامەکان بۆ {name}",
      "posted_by": "لێدوانی {name}",
      // Browsers have no Sorani dates: month names as on the server-rendered pages.
      "date.months": "ڕێبەندان|ڕەشەمە|نەورۆز|گوڵان|جۆزەردان|پوشپەڕ|گەلاوێژ|خەرمانان|ڕەزبەر|گەڵاڕێزان|سەرماوەرز|بەفرانبار",
      "date.format": "{day} {month} {year}، {time}"
    },
    // Kurmanji (Northern Kurdish), Latin script
    kmr: {
      "heading": "Şîrove",
      "count.zero": "Hêj şîrove tune ne. Bibe yê yekem ku şîroveyê dinivîse.",
      "count.one": "{n} şîrove",
      "count.other": "{n} şîrove",
      "order.label": "Rêzkirina şîroveyan",
      "order.newest": "Yên nû pêşî",
      "order.oldest": "Yên kevn pêşî",
      "loading": "Şîrove tên barkirin…",
      "load_more": "Şîroveyên din nîşan bide",
      "load_failed": "Şîrove nehatin barkirin. Ji kerema xwe paşê dîsa biceribîne.",
      "retry": "Dîsa biceribîne",
      "reply": "Bersiv bide",
      "reply.cancel": "Bersivê betal bike",
      "report": "Ragihîne",
      "report.confirm": "Tu dixwazî vê şîroveyê ji moderatoran re ragihînî?",
      "report.done": "Spas. Moderator dê careke din li vê şîroveyê binêrin.",
      "report.failed": "Ragihandin nehat şandin. Ji kerema xwe dîsa biceribîne.",
      "form.heading": "Şîroveyekê binivîse",
      "form.reply_heading": "Bersiva {name}",
      "form.name": "Nav",
      "form.email": "E-name",
      "form.email_hint": "Qet bi giştî nayê nîşandan. Dema ku şîroveya te hat nirxandin, em ji te re dinivîsin.",
      "form.text": "Şîrove",
      "form.text_hint": "Berî ku xuya bibe, her şîrove ji aliyê moderatorekî ve tê xwendin.",
      "form.website": "Vê qadê vala bihêle",
      "form.submit": "Şîroveyê bişîne",
      "form.sending": "Tê şandin…",
      "form.required": "Ev qad pêwîst e.",
      "form.email_invalid": "Navnîşaneke e-nameyê ya rast binivîse.",
      "form.too_long": "Şîroveya te pir dirêj e (herî zêde {n} tîp).",
      "form.fix_errors": "Ji kerema xwe qadên nîşankirî rast bike.",
      "form.network_error": "Şîroveya te nehat şandin. Girêdana xwe kontrol bike û dîsa biceribîne; ew du caran nayê weşandin.",
      "form.server_error": "Tiştek xelet çû. Ji kerema xwe dîsa biceribîne.",
      "form.invalid": "Ji kerema xwe vê qadê kontrol bike.",
      "form.rate_limited": "Tu pir bi lez dinivîsî. Ji kerema xwe çend deqeyan bisekine û dîsa biceribîne.",
      "form.refused": "Şîroveya te nehat qebûlkirin:",
      "notice.pending": "Spas. Şîroveya te li benda nirxandinê ye û dema ku moderatorek wê bipejirîne, dê xuya bibe.",
      "closed": "Şîrove ji bo vê nûçeyê girtî ne.",
      "guidelines": "Divê şîrove li ser nûçeyê bin. Çêr, gef, êrîşên kesane, gotinên bêedeb, heqaret û reklam nayên qebûlkirin. Şîrove qet nayên guhertin: an tên pejirandin an tên redkirin.",
      "reply.label": "Bersivên ji bo {name}",
      "posted_by": "Şîroveya {name}",
      // Browsers have no Kurmanji dates.
      "date.months": "Kanûna Paşîn|Sibat|Adar|Nîsan|Gulan|Hezîran|Tîrmeh|Tebax|Îlon|Cotmeh|Mijdar|Berfanbar",
      "date.format": "{day} {month} {year}, {time}"
    },
    // Arabic
    ar: {
      "heading": "التعليقات",
      "count.zero": "لا توجد تعليقات بعد. كن أول من يعلّق.",
      "count.one": "تعليق واحد",
      "count.two": "تعليقان",
      "count.few": "{n} تعليقات",
      "count.many": "{n} تعليقًا",
      "count.other": "{n} تعليق",
      "order.label": "ترتيب التعليقات",
      "order.newest": "الأحدث أولًا",
      "order.oldest": "الأقدم أولًا",
      "loading": "جارٍ تحميل التعليقات…",
      "load_more": "عرض مزيد من التعليقات",
      "load_failed": "تعذّر تحميل التعليقات. يُرجى المحاولة لاحقًا.",
      "retry": "أعد المحاولة",
      "reply": "رد",
      "reply.cancel": "إلغاء الرد",
      "report": "إبلاغ",
      "report.confirm": "هل تريد إبلاغ المشرفين عن هذا التعليق؟",
      "report.done": "شكرًا لك. سيراجع المشرفون هذا التعليق مرة أخرى.",
      "report.failed": "تعذّر إرسال البلاغ. يُرجى المحاولة مرة أخرى.",
      "form.heading": "أضف تعليقًا",
      "form.reply_heading": "الرد على {name}",
      "form.name": "الاسم",
      "form.email": "البريد الإلكتروني",
      "form.email_hint": "لا يُعرض للعامة أبدًا. نراسلك عندما يُراجَع تعليقك.",
      "form.text": "التعليق",
      "form.text_hint": "يقرأ أحد المشرفين كل تعليق قبل نشره.",
      "form.website": "اترك هذا الحقل فارغًا",
      "form.submit": "انشر التعليق",
      "form.sending": "جارٍ الإرسال…",
      "form.required": "هذا الحقل مطلوب.",
      "form.email_invalid": "أدخل عنوان بريد إلكتروني صحيحًا.",
      "form.too_long": "تعليقك طويل جدًا (الحد الأقصى {n} حرف).",
      "form.fix_errors": "يُرجى تصحيح الحقول المحددة.",
      "form.network_error": "تعذّر إرسال تعليقك. تحقق من اتصالك وحاول مرة أخرى؛ لن يُنشر مرتين.",
      "form.server_error": "حدث خطأ ما. يُرجى المحاولة مرة أخرى.",
      "form.invalid": "يُرجى التحقق من هذا الحقل.",
      "form.rate_limited": "أنت ترسل التعليقات بسرعة كبيرة. يُرجى الانتظار بضع دقائق ثم المحاولة مجددًا.",
      "form.refused": "لم يُقبل تعليقك:",
      "notice.pending": "شكرًا لك. تعليقك بانتظار المراجعة وسيظهر بعد أن يوافق عليه أحد المشرفين.",
      "closed": "التعليقات مغلقة على هذا المقال.",
      "guidelines": "يجب أن تتعلق التعليقات بالمقال. لا نقبل الألفاظ النابية أو التهديد أو الهجوم الشخصي أو البذاءة أو الإساءة أو الترويج. لا تُعدَّل التعليقات أبدًا: إما أن تُقبل أو تُرفض.",
      "reply.label": "الردود على {name}",
      "posted_by": "تعليق من {name}"
    },
    // Persian
    fa: {
      "heading": "دیدگاه\u200cها",
      "count.zero": "هنوز دیدگاهی ثبت نشده است. نخستین نفر باشید.",
      "count.one": "{n} دیدگاه",
      "count.other": "{n} دیدگاه",
      "order.label": "مرتب\u200cسازی دیدگاه\u200cها",
      "order.newest": "جدیدترین\u200cها اول",
      "order.oldest": "قدیمی\u200cترین\u200cها اول",
      "loading": "در حال بارگذاری دیدگاه\u200cها…",
      "load_more": "نمایش دیدگاه\u200cهای بیشتر",
      "load_failed": "دیدگاه\u200cها بارگذاری نشدند. لطفاً بعداً دوباره تلاش کنید.",
      "retry": "تلاش دوباره",
      "reply": "پاسخ",
      "reply.cancel": "لغو پاسخ",
      "report": "گزارش",
      "report.confirm": "این دیدگاه را به ناظران گزارش می\u200cدهید؟",
      "report.done": "سپاس. ناظران دوباره این دیدگاه را بررسی می\u200cکنند.",
      "report.failed": "گزارش ارسال نشد. لطفاً دوباره تلاش کنید.",
      "form.heading": "دیدگاه خود را بنویسید",
      "form.reply_heading": "پاسخ به {name}",
      "form.name": "نام",
      "form.email": "ایمیل",
      "form.email_hint": "هرگز به\u200cطور عمومی نمایش داده نمی\u200cشود. وقتی دیدگاه شما بررسی شد، به شما خبر می\u200cدهیم.",
      "form.text": "دیدگاه",
      "form.text_hint": "هر دیدگاه پیش از انتشار به دست یک ناظر خوانده می\u200cشود.",
      "form.website": "این فیلد را خالی بگذارید",
      "form.submit": "ارسال دیدگاه",
      "form.sending": "در حال ارسال…",
      "form.required": "پر کردن این فیلد الزامی است.",
      "form.email_invalid": "یک نشانی ایمیل معتبر وارد کنید.",
      "form.too_long": "دیدگاه شما بیش از حد طولانی است (حداکثر {n} نویسه).",
      "form.fix_errors": "لطفاً فیلدهای مشخص\u200cشده را اصلاح کنید.",
      "form.network_error": "دیدگاه شما ارسال نشد. اتصال خود را بررسی کنید و دوباره تلاش کنید؛ دو بار منتشر نخواهد شد.",
      "form.server_error": "مشکلی پیش آمد. لطفاً دوباره تلاش کنید.",
      "form.invalid": "لطفاً این فیلد را بررسی کنید.",
      "form.rate_limited": "خیلی سریع دیدگاه می\u200cفرستید. لطفاً چند دقیقه صبر کنید و دوباره تلاش کنید.",
      "form.refused": "دیدگاه شما پذیرفته نشد:",
      "notice.pending": "سپاس. دیدگاه شما در انتظار بررسی است و پس از تأیید یک ناظر نمایش داده می\u200cشود.",
      "closed": "امکان ثبت دیدگاه برای این مطلب بسته شده است.",
      "guidelines": "دیدگاه\u200cها باید به موضوع مطلب مربوط باشند. ناسزا، تهدید، حملهٔ شخصی، سخن رکیک، توهین و تبلیغ پذیرفته نیست. دیدگاه\u200cها هرگز ویرایش نمی\u200cشوند: یا تأیید می\u200cشوند یا رد.",
      "reply.label": "پاسخ\u200cها به {name}",
      "posted_by": "دیدگاه {name}"
    },
    // Turkish
    tr: {
      "heading": "Yorumlar",
      "count.zero": "Henüz yorum yok. İlk yorumu siz yazın.",
      "count.one": "{n} yorum",
      "count.other": "{n} yorum",
      "order.label": "Yorumları sırala",
      "order.newest": "En yeni önce",
      "order.oldest": "En eski önce",
      "loading": "Yorumlar yükleniyor…",
      "load_more": "Daha fazla yorum yükle",
      "load_failed": "Yorumlar yüklenemedi. Lütfen daha sonra tekrar deneyin.",
      "retry": "Tekrar dene",
      "reply": "Yanıtla",
      "reply.cancel": "Yanıtı iptal et",
      "report": "Bildir",
      "report.confirm": "Bu yorumu moderatörlere bildirmek istiyor musunuz?",
      "report.done": "Teşekkürler. Moderatörler bu yorumu yeniden inceleyecek.",
      "report.failed": "Bildirim gönderilemedi. Lütfen tekrar deneyin.",
      "form.heading": "Yorum yazın",
      "form.reply_heading": "Yanıt: {name}",
      "form.name": "Ad",
      "form.email": "E-posta",
      "form.email_hint": "Asla herkese açık gösterilmez. Yorumunuz incelendiğinde size yazarız.",
      "form.text": "Yorum",
      "form.text_hint": "Her yorum yayımlanmadan önce bir moderatör tarafından okunur.",
      "form.website": "Bu alanı boş bırakın",
      "form.submit": "Yorumu gönder",
      "form.sending": "Gönderiliyor…",
      "form.required": "Bu alan zorunludur.",
      "form.email_invalid": "Geçerli bir e-posta adresi girin.",
      "form.too_long": "Yorumunuz çok uzun (en fazla {n} karakter).",
      "form.fix_errors": "Lütfen işaretli alanları düzeltin.",
      "form.network_error": "Yorumunuz gönderilemedi. Bağlantınızı kontrol edip tekrar deneyin; iki kez yayımlanmayacak.",
      "form.server_error": "Bir sorun oluştu. Lütfen tekrar deneyin.",
      "form.invalid": "Lütfen bu alanı kontrol edin.",
      "form.rate_limited": "Çok hızlı yorum gönderiyorsunuz. Lütfen birkaç dakika bekleyip tekrar deneyin.",
      "form.refused": "Yorumunuz kabul edilmedi:",
      "notice.pending": "Teşekkürler. Yorumunuz moderasyon bekliyor; bir moderatör onayladığında görünecek.",
      "closed": "Bu habere yorum yapılamaz.",
      "guidelines": "Yorumlar haberle ilgili olmalıdır. Küfür, tehdit, kişisel saldırı, müstehcenlik, aşağılama ve reklam kabul edilmez. Yorumlar asla düzenlenmez: ya onaylanır ya reddedilir.",
      "reply.label": "{name} adlı kişiye yanıtlar",
      "posted_by": "{name} tarafından yorum"
    }
  };
  var RTL_LANGUAGES = { ckb: true, ar: true, fa: true };
  // Other spellings of the six: "ku" is Kurdish in general (Kurmanji, Latin script, by default).
  var LANGUAGE_ALIASES = { ku: "kmr", "ku-arab": "ckb", "ku-iq": "ckb", "ku-ir": "ckb", "ckb-arab": "ckb",
    "kmr-latn": "kmr", "ku-latn": "kmr", "ku-tr": "kmr", "ku-sy": "kmr", "fa-af": "fa", prs: "fa" };
  var MAX_TEXT_LENGTH = 3000; // settings.MAJLIS_COMMENT_MAX_LENGTH; data-max-length overrides

  function findScript() {
    if (document.currentScript) return document.currentScript;
    var scripts = document.querySelectorAll("script[src*='majlis/embed.js']");
    for (var i = 0; i < scripts.length; i++) {
      if (!scripts[i].getAttribute("data-majlis-mounted")) return scripts[i];
    }
    return null;
  }

  function apiBaseFrom(script) {
    var explicit = script.getAttribute("data-api");
    if (explicit) return explicit.replace(/\/+$/, "");
    var src = new URL(script.src, document.baseURI);
    var marker = src.pathname.indexOf("/static/majlis/");
    var prefix = marker >= 0 ? src.pathname.slice(0, marker) : "";
    return src.origin + prefix;
  }

  // "ckb-IQ" -> "ckb", "ku-Arab" -> "ckb", "ar-EG" -> "ar"; null for a language we do not speak.
  function catalogueFor(tag) {
    var code = String(tag || "").trim().toLowerCase().replace(/_/g, "-");
    if (!code) return null;
    if (LANGUAGE_ALIASES[code]) return LANGUAGE_ALIASES[code];
    var parts = code.split("-");
    if (parts.length > 1 && LANGUAGE_ALIASES[parts[0] + "-" + parts[1]]) {
      return LANGUAGE_ALIASES[parts[0] + "-" + parts[1]];
    }
    if (MESSAGES[parts[0]]) return parts[0];
    return LANGUAGE_ALIASES[parts[0]] || null;
  }

  // The embed's language: its data-lang, else the reader's browser languages in order, else the
  // host page's lang, else English.
  function pickLanguage(requested) {
    var candidates = [requested || ""]
      .concat(navigator.languages || [navigator.language || ""])
      .concat([document.documentElement.lang || ""]);
    for (var i = 0; i < candidates.length; i++) {
      var code = catalogueFor(candidates[i]);
      if (code) return code;
    }
    return "en";
  }

  function newIdempotencyKey() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    // Older browsers and non-secure contexts: random enough to tell retries from new posts.
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  // Small DOM helper: el("p", {class: "x", dir: "auto"}, ["text", childNode]). Strings become
  // text nodes, so no caller can inject markup by accident.
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (name) {
        var value = attrs[name];
        if (value === null || value === undefined || value === false) return;
        node.setAttribute(name, value === true ? "" : String(value));
      });
    }
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  var instanceCounter = 0;
  var MAX_DESCRIPTION_LENGTH = 2000;  // the API's limit

  // The article's summary: data-description, else what the page tells search engines and
  // link previews. Control characters (which the API refuses) become spaces.
  function pageDescription(script) {
    var text = script.getAttribute("data-description");
    if (text === null) {
      var meta = document.querySelector('meta[property="og:description"]') ||
        document.querySelector('meta[name="description"]');
      text = meta ? meta.getAttribute("content") || "" : "";
    }
    text = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, " ").trim();
    // cut by characters, as the API counts them (never half of a surrogate pair)
    return Array.from(text).slice(0, MAX_DESCRIPTION_LENGTH).join("").trim();
  }

  function Embed(script) {
    instanceCounter += 1;
    this.uid = "majlis-" + instanceCounter;
    this.script = script;
    this.site = script.getAttribute("data-site") || "";
    this.url = script.getAttribute("data-url") || window.location.href.split("#")[0];
    this.title = script.getAttribute("data-title") || document.title;
    this.description = pageDescription(script);
    this.lang = pickLanguage(script.getAttribute("data-lang"));
    this.contentLang = script.getAttribute("data-lang") || document.documentElement.lang || this.lang;
    // Layout direction follows the language the embed speaks; each comment then takes its own
    // direction from its text (dir="auto"), whatever the page's language.
    this.direction = RTL_LANGUAGES[this.lang] ? "rtl" : "ltr";
    this.maxLength = parseInt(script.getAttribute("data-max-length"), 10) || MAX_TEXT_LENGTH;
    this.api = apiBaseFrom(script);
    this.messages = MESSAGES[this.lang];
    this.order = "newest";
    this.page = 0;
    this.pages = 0;
    this.story = null;
    this.replyTo = null;
    this.pendingKey = null; // kept across retries of the same submission
    this.pendingBody = null;
  }

  Embed.prototype.t = function (key, params) {
    var text = this.messages[key] || MESSAGES.en[key] || key;
    if (params) {
      Object.keys(params).forEach(function (name) {
        text = text.split("{" + name + "}").join(String(params[name]));
      });
    }
    return text;
  };

  Embed.prototype.number = function (n) {
    try {
      return new Intl.NumberFormat(this.lang).format(n);
    } catch (e) {
      return String(n);
    }
  };

  // "{n} comments" in the catalogue's plural form for n (Arabic has six forms, Sorani two).
  Embed.prototype.countText = function (n) {
    if (n === 0) return this.t("count.zero");
    var category = "other";
    try {
      category = new Intl.PluralRules(this.lang).select(n);
    } catch (e) {
      category = n === 1 ? "one" : "other";
    }
    var key = this.messages["count." + category] ? "count." + category
      : (this.lang === "en" && n === 1 ? "count.one" : "count.other");
    return this.t(key, { n: this.number(n) });
  };

  Embed.prototype.mount = function () {
    var script = this.script;
    script.setAttribute("data-majlis-mounted", "1");
    if (script.getAttribute("data-css") !== "none") this.loadStylesheet();
    var target = script.getAttribute("data-target");
    var host = target ? document.querySelector(target) : null;
    this.root = el("section", {
      "class": "majlis",
      "lang": this.lang,
      "dir": this.direction,
      "aria-labelledby": this.uid + "-heading"
    });
    if (host) {
      host.appendChild(this.root);
    } else {
      script.parentNode.insertBefore(this.root, script.nextSibling);
    }
    this.renderSkeleton();
    this.loadFirstPage();
  };

  Embed.prototype.loadStylesheet = function () {
    var href = this.api + "/static/majlis/embed.css";
    if (document.querySelector("link[data-majlis-css]")) return;
    document.head.appendChild(el("link", { rel: "stylesheet", href: href, "data-majlis-css": "1" }));
  };

  Embed.prototype.renderSkeleton = function () {
    var self = this;
    this.heading = el("h2", { "class": "majlis-heading", id: this.uid + "-heading" }, [this.t("heading")]);
    this.countLine = el("p", { "class": "majlis-count" });
    this.orderSelect = el("select", { id: this.uid + "-order", "class": "majlis-order-select" }, [
      el("option", { value: "newest" }, [this.t("order.newest")]),
      el("option", { value: "oldest" }, [this.t("order.oldest")])
    ]);
    this.orderSelect.addEventListener("change", function () {
      self.order = self.orderSelect.value;
      self.loadFirstPage();
    });
    var toolbar = el("div", { "class": "majlis-toolbar" }, [
      this.countLine,
      el("div", { "class": "majlis-order" }, [
        el("label", { "for": this.uid + "-order" }, [this.t("order.label")]),
        this.orderSelect
      ])
    ]);
    // Polite live region: the awaiting-moderation notice and other status messages are announced
    // without stealing focus from the reader.
    this.notice = el("div", { "class": "majlis-notice", role: "status", "aria-live": "polite" });
    this.formSlot = el("div", { "class": "majlis-form-slot" });
    this.list = el("ol", { "class": "majlis-comments", "aria-busy": "true" });
    this.status = el("p", { "class": "majlis-status" }, [this.t("loading")]);
    this.moreButton = el("button", { type: "button", "class": "majlis-button majlis-more", hidden: true },
      [this.t("load_more")]);
    this.moreButton.addEventListener("click", function () { self.loadNextPage(); });
    this.root.appendChild(this.heading);
    this.root.appendChild(el("p", { "class": "majlis-guidelines" }, [this.t("guidelines")]));
    this.root.appendChild(this.notice);
    this.root.appendChild(this.formSlot);
    this.root.appendChild(toolbar);
    this.root.appendChild(this.status);
    this.root.appendChild(this.list);
    this.root.appendChild(this.moreButton);
  };

  Embed.prototype.request = function (method, path, body, headers) {
    var init = { method: method, headers: { "Accept": "application/json" }, credentials: "omit" };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    Object.keys(headers || {}).forEach(function (name) { init.headers[name] = headers[name]; });
    return fetch(this.api + path, init).then(function (response) {
      return response.text().then(function (text) {
        var data = null;
        try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
        return { status: response.status, ok: response.ok, data: data };
      });
    });
  };

  Embed.prototype.threadPath = function (page) {
    return "/api/v1/threads?site=" + encodeURIComponent(this.site) +
      "&url=" + encodeURIComponent(this.url) +
      "&order=" + encodeURIComponent(this.order) + "&page=" + page;
  };

  Embed.prototype.loadFirstPage = function () {
    var self = this;
    this.page = 0;
    this.list.textContent = "";
    this.list.setAttribute("aria-busy", "true");
    this.status.hidden = false;
    this.status.textContent = this.t("loading");
    this.moreButton.hidden = true;
    this.fetchPage(1).then(function (result) {
      if (result.status === 404) {
        // First visit of this article: the story is created from the page's URL, title and
        // summary (without one, relevance is judged on the headline alone).
        return self.request("POST", "/api/v1/threads", {
          site: self.site, url: self.url, title: self.title, language: self.contentLang,
          description: self.description
        }).then(function (created) {
          if (!created.ok) throw new Error("thread");
          return self.fetchPage(1);
        });
      }
      return result;
    }).then(function (result) {
      if (!result.ok || !result.data) throw new Error("thread");
      self.showPage(result.data, false);
    }).catch(function () {
      self.showLoadError();
    });
  };

  Embed.prototype.fetchPage = function (page) {
    return this.request("GET", this.threadPath(page));
  };

  Embed.prototype.loadNextPage = function () {
    var self = this;
    this.moreButton.disabled = true;
    this.list.setAttribute("aria-busy", "true");
    this.fetchPage(this.page + 1).then(function (result) {
      if (!result.ok || !result.data) throw new Error("page");
      self.moreButton.disabled = false;
      var firstNew = self.showPage(result.data, true);
      // Keep keyboard users in place: move focus to the first newly loaded comment.
      if (firstNew) firstNew.focus();
    }).catch(function () {
      self.moreButton.disabled = false;
      self.list.setAttribute("aria-busy", "false");
      self.say(self.t("load_failed"), "error");
    });
  };

  Embed.prototype.showLoadError = function () {
    var self = this;
    this.list.setAttribute("aria-busy", "false");
    this.status.hidden = false;
    this.status.textContent = this.t("load_failed") + " ";
    var retry = el("button", { type: "button", "class": "majlis-link" }, [this.t("retry")]);
    retry.addEventListener("click", function () { self.loadFirstPage(); });
    this.status.appendChild(retry);
  };

  Embed.prototype.showPage = function (data, append) {
    var first = null;
    var isFirstLoad = !this.story;
    this.story = data.story || this.story;
    this.page = data.page || 1;
    this.pages = data.pages || 0;
    this.status.hidden = true;
    this.list.setAttribute("aria-busy", "false");
    if (!append) this.list.textContent = "";
    var results = data.results || [];
    for (var i = 0; i < results.length; i++) {
      var item = this.renderComment(results[i], 0);
      if (!first) first = item.querySelector(".majlis-comment-body-wrap");
      this.list.appendChild(item);
    }
    var count = typeof data.count === "number" ? data.count : results.length;
    this.countLine.textContent = this.countText(count);
    this.moreButton.hidden = !(this.page < this.pages);
    if (isFirstLoad || !this.form) this.renderForm();
    return first;
  };

  Embed.prototype.formatDate = function (iso) {
    var date = new Date(iso);
    if (isNaN(date.getTime())) return "";
    var months = this.messages["date.months"];
    var supported = false;
    try {
      supported = Intl.DateTimeFormat.supportedLocalesOf([this.lang]).length > 0;
    } catch (e) {
      supported = false;
    }
    if (months && !supported) {
      var two = function (n) { return (n < 10 ? "0" : "") + n; };
      return this.t("date.format", {
        day: date.getDate(), month: months.split("|")[date.getMonth()], year: date.getFullYear(),
        time: two(date.getHours()) + ":" + two(date.getMinutes())
      });
    }
    try {
      return new Intl.DateTimeFormat(this.lang, { dateStyle: "medium", timeStyle: "short" }).format(date);
    } catch (e) {
      return date.toLocaleString();
    }
  };

  Embed.prototype.renderComment = function (comment, depth) {
    var self = this;
    var name = String(comment.author_name || "");
    var bodyId = this.uid + "-c" + comment.id;
    var language = comment.language && comment.language !== "other" ? comment.language : null;
    var text = el("div", { "class": "majlis-comment-text", dir: "auto", lang: language });
    // Paragraphs split on blank lines; each written as text, never parsed as HTML.
    String(comment.text || "").split(/\n{2,}/).forEach(function (paragraph) {
      var p = el("p", { dir: "auto" });
      paragraph.split("\n").forEach(function (line, index) {
        if (index > 0) p.appendChild(el("br"));
        p.appendChild(document.createTextNode(line));
      });
      text.appendChild(p);
    });
    var replyButton = el("button", { type: "button", "class": "majlis-link majlis-reply",
      "aria-describedby": bodyId + "-author" }, [this.t("reply")]);
    replyButton.addEventListener("click", function () { self.startReply(comment, item, replyButton); });
    var reportButton = el("button", { type: "button", "class": "majlis-link majlis-report",
      "aria-describedby": bodyId + "-author" }, [this.t("report")]);
    reportButton.addEventListener("click", function () { self.report(comment, reportButton); });
    var actions = el("div", { "class": "majlis-actions" }, [replyButton, reportButton]);
    if (this.story && this.story.comments_open === false) replyButton.hidden = true;
    var header = el("header", { "class": "majlis-comment-header" }, [
      el("bdi", { "class": "majlis-author", id: bodyId + "-author" }, [name]),
      " ",
      el("time", { "class": "majlis-time", dir: "auto", datetime: comment.created_at || null },
        [this.formatDate(comment.created_at)])
    ]);
    var wrap = el("article", { "class": "majlis-comment-body-wrap", id: bodyId, tabindex: "-1",
      "aria-label": this.t("posted_by", { name: name }) }, [header, text, actions]);
    var item = el("li", { "class": "majlis-comment", "data-comment-id": comment.id,
      "data-depth": depth }, [wrap]);
    var replies = comment.replies || [];
    if (replies.length) {
      var list = el("ol", { "class": "majlis-replies", "aria-label": this.t("reply.label", { name: name }) });
      for (var i = 0; i < replies.length; i++) list.appendChild(this.renderComment(replies[i], depth + 1));
      item.appendChild(list);
    }
    return item;
  };

  Embed.prototype.say = function (message, kind) {
    this.notice.textContent = "";
    this.notice.className = "majlis-notice" + (kind ? " majlis-notice-" + kind : "");
    this.notice.appendChild(el("p", {}, [message]));
  };

  Embed.prototype.report = function (comment, button) {
    var self = this;
    if (!window.confirm(this.t("report.confirm"))) return;
    button.disabled = true;
    this.request("POST", "/api/v1/comments/" + encodeURIComponent(comment.id) + "/report", {})
      .then(function (result) {
        if (!result.ok) throw new Error("report");
        self.say(self.t("report.done"), "success");
      }).catch(function () {
        button.disabled = false;
        self.say(self.t("report.failed"), "error");
      });
  };

  Embed.prototype.field = function (name, type, labelKey, attrs, hintKey) {
    var id = this.uid + "-" + name;
    var input;
    var base = { id: id, name: name, "class": "majlis-input" };
    Object.keys(attrs || {}).forEach(function (key) { base[key] = attrs[key]; });
    if (type === "textarea") {
      base.rows = 5;
      base.dir = "auto";
      input = el("textarea", base);
    } else {
      base.type = type;
      input = el("input", base);
    }
    var errorId = id + "-error";
    var describedBy = [errorId];
    var hint = null;
    if (hintKey) {
      hint = el("p", { "class": "majlis-hint", id: id + "-hint" }, [this.t(hintKey)]);
      describedBy.unshift(id + "-hint");
    }
    input.setAttribute("aria-describedby", describedBy.join(" "));
    var error = el("p", { "class": "majlis-field-error", id: errorId });
    var wrapper = el("div", { "class": "majlis-field majlis-field-" + name }, [
      el("label", { "for": id }, [this.t(labelKey)]), input, error, hint
    ]);
    return { wrapper: wrapper, input: input, error: error };
  };

  Embed.prototype.renderForm = function () {
    var self = this;
    this.formSlot.textContent = "";
    if (this.story && this.story.comments_open === false) {
      this.formSlot.appendChild(el("p", { "class": "majlis-closed" }, [this.t("closed")]));
      this.form = null;
      return;
    }
    this.formHeading = el("h3", { "class": "majlis-form-heading", id: this.uid + "-form-heading",
      tabindex: "-1" }, [this.t("form.heading")]);
    this.fields = {
      author_name: this.field("author_name", "text", "form.name",
        { autocomplete: "name", required: true, maxlength: 100 }),
      author_email: this.field("author_email", "email", "form.email",
        { autocomplete: "email", required: true, maxlength: 254 }, "form.email_hint"),
      text: this.field("text", "textarea", "form.text", { required: true }, "form.text_hint")
    };
    // Honeypot: humans never see it (off-screen, aria-hidden, not focusable); bots fill it in.
    this.honeypot = el("input", { type: "text", name: "website", id: this.uid + "-website",
      tabindex: "-1", autocomplete: "off" });
    var honeypotWrap = el("div", { "class": "majlis-hp", "aria-hidden": "true" }, [
      el("label", { "for": this.uid + "-website" }, [this.t("form.website")]), this.honeypot
    ]);
    this.formError = el("div", { "class": "majlis-form-error", role: "alert" });
    this.replyBanner = el("p", { "class": "majlis-reply-banner", hidden: true });
    this.cancelReply = el("button", { type: "button", "class": "majlis-link" }, [this.t("reply.cancel")]);
    this.cancelReply.addEventListener("click", function () { self.endReply(true); });
    this.submitButton = el("button", { type: "submit", "class": "majlis-button majlis-submit" },
      [this.t("form.submit")]);
    this.form = el("form", { "class": "majlis-form", novalidate: true,
      "aria-labelledby": this.uid + "-form-heading" }, [
      this.formHeading,
      this.replyBanner,
      this.formError,
      el("div", { "class": "majlis-row" }, [this.fields.author_name.wrapper, this.fields.author_email.wrapper]),
      this.fields.text.wrapper,
      honeypotWrap,
      el("div", { "class": "majlis-form-actions" }, [this.submitButton])
    ]);
    this.form.addEventListener("submit", function (event) {
      event.preventDefault();
      self.submit();
    });
    // Any edit makes it a different comment, so a later submit gets a fresh idempotency key.
    this.form.addEventListener("input", function () {
      self.pendingKey = null;
      self.pendingBody = null;
    });
    this.formSlot.appendChild(this.form);
  };

  Embed.prototype.startReply = function (comment, item, button) {
    this.replyTo = { id: comment.id, name: String(comment.author_name || ""), button: button };
    this.pendingKey = null;
    this.replyBanner.textContent = "";
    this.replyBanner.appendChild(this.cancelReply);
    this.replyBanner.hidden = false;
    this.formHeading.textContent = this.t("form.reply_heading", { name: this.replyTo.name });
    // Move the form under the comment being answered, then put focus in it.
    item.appendChild(this.form);
    this.fields.text.input.focus();
  };

  Embed.prototype.endReply = function (restoreFocus) {
    var button = this.replyTo && this.replyTo.button;
    this.replyTo = null;
    this.replyBanner.hidden = true;
    this.formHeading.textContent = this.t("form.heading");
    this.formSlot.appendChild(this.form);
    if (restoreFocus && button && document.body.contains(button)) button.focus();
  };

  Embed.prototype.clearErrors = function () {
    this.formError.textContent = "";
    var fields = this.fields;
    Object.keys(fields).forEach(function (name) {
      fields[name].error.textContent = "";
      fields[name].input.removeAttribute("aria-invalid");
    });
  };

  Embed.prototype.showFieldError = function (name, message) {
    var field = this.fields[name];
    if (!field) return false;
    field.error.textContent = message;
    field.input.setAttribute("aria-invalid", "true");
    return true;
  };

  Embed.prototype.validate = function (values) {
    var errors = {};
    if (!values.author_name.trim()) errors.author_name = this.t("form.required");
    if (!values.author_email.trim()) {
      errors.author_email = this.t("form.required");
    } else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.author_email.trim())) {
      errors.author_email = this.t("form.email_invalid");
    }
    if (!values.text.trim()) {
      errors.text = this.t("form.required");
    } else if (Array.from(values.text).length > this.maxLength) {
      errors.text = this.t("form.too_long", { n: this.number(this.maxLength) });
    }
    var self = this;
    Object.keys(errors).forEach(function (name) { self.showFieldError(name, errors[name]); });
    return Object.keys(errors).length === 0;
  };

  Embed.prototype.focusFirstInvalid = function () {
    var invalid = this.form.querySelector("[aria-invalid='true']");
    if (invalid) invalid.focus();
  };

  Embed.prototype.submit = function () {
    var self = this;
    if (this.sending || !this.story) return;
    this.clearErrors();
    var values = {
      author_name: this.fields.author_name.input.value,
      author_email: this.fields.author_email.input.value,
      text: this.fields.text.input.value
    };
    if (!this.validate(values)) {
      this.formError.textContent = this.t("form.fix_errors");
      this.focusFirstInvalid();
      return;
    }
    var body = {
      story_id: this.story.id,
      parent_id: this.replyTo ? this.replyTo.id : null,
      author_name: values.author_name.trim(),
      author_email: values.author_email.trim(),
      text: values.text,
      website: this.honeypot.value
    };
    var bodyText = JSON.stringify(body);
    // Same submission retried (after a network failure): same key, so the server stores it once.
    if (!this.pendingKey || this.pendingBody !== bodyText) this.pendingKey = newIdempotencyKey();
    this.pendingBody = bodyText;
    this.sending = true;
    this.submitButton.disabled = true;
    this.submitButton.textContent = this.t("form.sending");
    this.request("POST", "/api/v1/comments", body, { "Idempotency-Key": this.pendingKey })
      .then(function (result) {
        if (result.ok) {
          self.pendingKey = null;
          self.pendingBody = null;
          self.fields.text.input.value = "";
          if (self.replyTo) self.endReply(false);
          self.say(self.t("notice.pending"), "success");
          self.notice.setAttribute("tabindex", "-1");
          self.notice.focus();
          return;
        }
        self.showApiErrors(result);
      })
      .catch(function () {
        self.formError.textContent = self.t("form.network_error");
      })
      .then(function () {
        self.sending = false;
        self.submitButton.disabled = false;
        self.submitButton.textContent = self.t("form.submit");
      });
  };

  // The API's messages are short fragments ("must not be empty"); shown next to a field they read
  // better as a sentence.
  function asSentence(message) {
    var text = String(message || "").trim();
    if (!text) return "";
    text = text.charAt(0).toUpperCase() + text.slice(1);
    return /[.!?؟۔]$/.test(text) ? text : text + ".";
  }

  // The API answers in English. An English embed shows its words; the other languages show their
  // own message next to the field, and the API's reason (marked as English) only where nothing in
  // the form explains it (closed story, …).
  Embed.prototype.showApiErrors = function (result) {
    var self = this;
    var data = result.data || {};
    var english = this.lang === "en";
    var placedAny = false;
    var unplaced = [];
    (data.errors || []).forEach(function (error) {
      var name = String(error.field || "").split(".").pop();
      var message = english ? asSentence(error.message) : self.t("form.invalid");
      if (self.showFieldError(name, message)) {
        placedAny = true;
      } else if (error.message) {
        unplaced.push(asSentence(error.message));
      }
    });
    this.formError.textContent = "";
    if (result.status === 429) {
      this.formError.textContent = this.t("form.rate_limited");
    } else if (placedAny && !unplaced.length) {
      this.formError.textContent = this.t("form.fix_errors");
    } else {
      // Nothing to point at in the form (closed story, …): show the API's own words.
      var reason = data.detail ? asSentence(data.detail) : unplaced.join(" ");
      if (!reason) {
        this.formError.textContent = this.t("form.server_error");
      } else if (english) {
        this.formError.textContent = reason;
      } else {
        this.formError.appendChild(document.createTextNode(this.t("form.refused") + " "));
        this.formError.appendChild(el("bdi", { lang: "en" }, [reason]));
      }
    }
    if (placedAny) this.focusFirstInvalid();
  };

  function boot() {
    var script = findScript();
    if (!script) return;
    new Embed(script).mount();
  }

  // Exposed for tests and for pages that add the script more than once.
  window.MajlisEmbed = { messages: MESSAGES, rtl: RTL_LANGUAGES, Embed: Embed, catalogueFor: catalogueFor };

  if (document.readyState === "loading") {
    // currentScript is only available synchronously, so capture it before waiting for the DOM.
    var captured = findScript();
    document.addEventListener("DOMContentLoaded", function () {
      if (captured && !captured.getAttribute("data-majlis-mounted")) new Embed(captured).mount();
    });
  } else {
    boot();
  }
})();
