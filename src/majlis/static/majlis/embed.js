/*
 * Majlis comment embed — plain JavaScript, no build step, no dependencies.
 *
 *   <script src="https://comments.example/static/majlis/embed.js"
 *           data-site="demo" data-url="https://news.example/story" data-title="Headline"
 *           data-lang="en" async></script>
 *
 * Optional: data-target="css selector" (where to render; default: right after the script),
 *           data-api="https://comments.example" (API base; default: derived from the script's src),
 *           data-css="none" (do not load embed.css).
 *
 * Security: every piece of user data is written with textContent or setAttribute, never innerHTML.
 */
(function () {
  "use strict";

  // Message catalogue keyed by language. Keys are stable identifiers so that translators can add
  // languages (ckb, kmr, ar, fa, tr) without touching the code; missing keys fall back to English.
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
      "notice.pending": "Thank you. Your comment is awaiting moderation and will appear once a moderator approves it.",
      "closed": "Comments are closed for this article.",
      "guidelines": "Comments must be about the article. No profanity, threats, personal attacks, vulgarity, abuse or promotion. Comments are never edited: they are approved or rejected.",
      "reply.label": "Replies to {name}",
      "posted_by": "Comment by {name}"
    }
  };
  var RTL_LANGUAGES = { ckb: true, ar: true, fa: true };

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

  function pickLanguage(requested) {
    var candidates = [requested || "", document.documentElement.lang || ""]
      .concat(navigator.languages || [navigator.language || ""]);
    for (var i = 0; i < candidates.length; i++) {
      var code = String(candidates[i]).toLowerCase().split("-")[0];
      if (MESSAGES[code]) return code;
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

  function Embed(script) {
    instanceCounter += 1;
    this.uid = "majlis-" + instanceCounter;
    this.script = script;
    this.site = script.getAttribute("data-site") || "";
    this.url = script.getAttribute("data-url") || window.location.href.split("#")[0];
    this.title = script.getAttribute("data-title") || document.title;
    this.lang = pickLanguage(script.getAttribute("data-lang"));
    this.contentLang = script.getAttribute("data-lang") || document.documentElement.lang || this.lang;
    // Layout direction follows the article's language even before its catalogue is translated.
    var base = String(this.contentLang).toLowerCase().split("-")[0];
    this.direction = RTL_LANGUAGES[base] || RTL_LANGUAGES[this.lang] ? "rtl" : "ltr";
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
        // First visit of this article: the story is created from the page's URL and title.
        return self.request("POST", "/api/v1/threads", {
          site: self.site, url: self.url, title: self.title, language: self.contentLang
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
    this.countLine.textContent = count === 0 ? this.t("count.zero")
      : count === 1 ? this.t("count.one") : this.t("count.other", { n: count });
    this.moreButton.hidden = !(this.page < this.pages);
    if (isFirstLoad || !this.form) this.renderForm();
    return first;
  };

  Embed.prototype.formatDate = function (iso) {
    var date = new Date(iso);
    if (isNaN(date.getTime())) return "";
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
      el("span", { "class": "majlis-author", id: bodyId + "-author", dir: "auto" }, [name]),
      " ",
      el("time", { "class": "majlis-time", datetime: comment.created_at || null },
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
    if (!values.text.trim()) errors.text = this.t("form.required");
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

  Embed.prototype.showApiErrors = function (result) {
    var self = this;
    var data = result.data || {};
    var placedAny = false;
    var unplaced = [];
    (data.errors || []).forEach(function (error) {
      var name = String(error.field || "").split(".").pop();
      if (self.showFieldError(name, asSentence(error.message))) {
        placedAny = true;
      } else if (error.message) {
        unplaced.push(asSentence(error.message));
      }
    });
    var summary;
    if (unplaced.length || !placedAny) {
      // Nothing to point at in the form (closed story, rate limit, …): show the API's own words.
      summary = data.detail ? asSentence(data.detail) : unplaced.join(" ");
    } else {
      summary = this.t("form.fix_errors");
    }
    this.formError.textContent = summary || this.t("form.server_error");
    if (placedAny) this.focusFirstInvalid();
  };

  function boot() {
    var script = findScript();
    if (!script) return;
    new Embed(script).mount();
  }

  // Exposed for tests and for pages that add the script more than once.
  window.MajlisEmbed = { messages: MESSAGES, rtl: RTL_LANGUAGES, Embed: Embed };

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
