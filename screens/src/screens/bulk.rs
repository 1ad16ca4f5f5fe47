//! Bulk coupons (批量发券) for supervisors: one coupon template to every member of an
//! audience — the dormant members (as the dormant report lists them), a tier or a
//! birthday month. F2 changes the audience, F3 the template; Enter asks the book how
//! many members get one (nothing is written); F12 issues exactly that request, one
//! entry per member, under one op id per form (a second F12 posts nothing new).
//! Opened from the back office (B) and from the dormant report (B).

use carddesk_model::ops::{Audience, BulkCoupons, IssueCouponsBulk};
use crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use crate::context::Shared;
use crate::field::{FieldKind, Form, FormKey, TextField};
use crate::i18n::{Msg, Tx};
use crate::keymap::{self, bind, Binding, Key, KeyHelp};
use crate::layer::{Flow, Layer};
use crate::model::{Command, Reply};

/// The dormant report's window, and the dormant audience's first value.
const DORMANT_DAYS: u32 = 90;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Act {
    App,
    Audience,
    Template,
    Issue,
    Back,
    /// The form's: between the fields, Enter on the last previews.
    Form,
}

const KEYS: &[Binding<Act>] = &[
    keymap::f1(Act::App),
    bind("F2", &[Key::F(2)], Tx::BulkAudience, Act::Audience),
    bind("F3", &[Key::F(3)], Tx::Template, Act::Template),
    bind("Enter", &[Key::Enter], Tx::KPreview, Act::Form),
    bind("F12", &[Key::F(12)], Tx::KConfirm, Act::Issue),
    keymap::esc(Act::Back),
    keymap::fields(Act::Form),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Dormant,
    Tier,
    Month,
}

impl Kind {
    fn next(self) -> Kind {
        match self {
            Kind::Dormant => Kind::Tier,
            Kind::Tier => Kind::Month,
            Kind::Month => Kind::Dormant,
        }
    }

    fn name(self) -> Tx {
        match self {
            Kind::Dormant => Tx::BulkDormant,
            Kind::Tier => Tx::BulkTierAudience,
            Kind::Month => Tx::BulkMonthAudience,
        }
    }

    /// The value field: its label, what it takes, and its first value.
    fn field(self, sh: &Shared) -> (Tx, TextField) {
        match self {
            Kind::Dormant => (
                Tx::BulkDays,
                TextField::new(FieldKind::Digits, 4).with_value(&DORMANT_DAYS.to_string()),
            ),
            Kind::Tier => {
                let first = sh.opts.catalog.tiers.first().map(|t| t.name.clone());
                (
                    Tx::Tier,
                    TextField::new(FieldKind::Text, 20).with_value(&first.unwrap_or_default()),
                )
            }
            Kind::Month => (Tx::BulkMonth, TextField::new(FieldKind::Digits, 2)),
        }
    }
}

pub struct BulkCouponsForm {
    kind: Kind,
    template: usize,
    form: Form,
    op_id: String,
    ticket: u64,
    /// The answer awaited is F12's (not a preview's).
    issuing: bool,
    /// The request whose count is on screen (F12 issues it), and the count.
    previewed: Option<(IssueCouponsBulk, BulkCoupons)>,
    /// The answer to F12 under this op id.
    issued: Option<BulkCoupons>,
}

impl BulkCouponsForm {
    /// A new form for the dormant members (the dormant report's B) or any audience.
    pub fn new(sh: &mut Shared) -> Self {
        let kind = Kind::Dormant;
        BulkCouponsForm {
            kind,
            template: 0,
            form: Form::new(vec![
                kind.field(sh),
                (Tx::Reason, TextField::new(FieldKind::Text, 40)),
            ]),
            op_id: sh.op_id(),
            ticket: 0,
            issuing: false,
            previewed: None,
            issued: None,
        }
    }

    fn template_id(&self, sh: &Shared) -> Option<(String, String)> {
        let t = sh.opts.catalog.coupon_templates.get(self.template)?;
        Some((t.id.clone(), t.name.clone()))
    }

    /// The request the form says, or what is missing.
    fn request(&self, sh: &Shared) -> Result<IssueCouponsBulk, Tx> {
        let value = self.form.value(0).trim();
        let number = || value.parse::<u32>().map_err(|_| Tx::BulkValueRequired);
        let audience = match self.kind {
            Kind::Dormant => Audience::Dormant { days: number()? },
            Kind::Month => Audience::BirthdayMonth { month: number()? },
            Kind::Tier if value.is_empty() => return Err(Tx::BulkValueRequired),
            Kind::Tier => Audience::Tier {
                tier: value.to_string(),
            },
        };
        let (template, _) = self.template_id(sh).ok_or(Tx::BulkValueRequired)?;
        Ok(IssueCouponsBulk {
            template,
            audience,
            reason: self.form.value(1).trim().to_string(),
        })
    }

    /// The form changed: what was counted no longer holds; after an issue, the next
    /// one is another request with its own op id.
    fn changed(&mut self, sh: &mut Shared) {
        self.previewed = None;
        if self.issued.take().is_some() {
            self.op_id = sh.op_id();
        }
    }

    fn preview(&mut self, sh: &mut Shared) {
        match self.request(sh) {
            Ok(request) => {
                self.ticket = sh.ticket();
                self.issuing = false;
                sh.info(sh.tx(Tx::Working));
                sh.send(Command::PreviewBulk {
                    ticket: self.ticket,
                    request,
                });
            }
            Err(why) => sh.error(sh.tx(why)),
        }
    }

    fn issue(&mut self, sh: &mut Shared) {
        let current = self.request(sh).ok();
        match &self.previewed {
            Some((request, _)) if Some(request) == current.as_ref() => {
                self.ticket = sh.ticket();
                self.issuing = true;
                sh.info(sh.tx(Tx::Working));
                sh.send(Command::IssueBulk {
                    ticket: self.ticket,
                    op_id: self.op_id.clone(),
                    request: request.clone(),
                });
            }
            _ => sh.info(sh.tx(Tx::BulkHint)),
        }
    }

    fn said(&self, sh: &Shared) -> Option<String> {
        let lang = sh.lang();
        let name = |id: &str| sh.opts.catalog.name_of(id);
        if let Some(a) = &self.issued {
            let id = |e: &Option<carddesk_model::ids::EntryId>| {
                e.as_ref().map(|e| e.to_string()).unwrap_or_default()
            };
            return Some(
                Msg::BulkIssued {
                    members: a.members,
                    template: &name(&a.template),
                    first: &id(&a.first_entry),
                    last: &id(&a.last_entry),
                    replayed: a.replayed,
                }
                .get(lang),
            );
        }
        self.previewed.as_ref().map(|(_, p)| {
            Msg::BulkPreview {
                members: p.members,
                frozen: p.skipped_frozen,
                template: &name(&p.template),
            }
            .get(lang)
        })
    }
}

impl Layer for BulkCouponsForm {
    fn name(&self) -> &'static str {
        "bulk_coupons"
    }

    fn key(&mut self, sh: &mut Shared, key: KeyEvent) -> Flow {
        match keymap::find(KEYS, &key) {
            Some(Act::Audience) => {
                self.kind = self.kind.next();
                let reason = self.form.value(1).to_string();
                self.form = Form::new(vec![
                    self.kind.field(sh),
                    (
                        Tx::Reason,
                        TextField::new(FieldKind::Text, 40).with_value(&reason),
                    ),
                ]);
                self.changed(sh);
            }
            Some(Act::Template) => {
                let n = sh.opts.catalog.coupon_templates.len().max(1);
                self.template = (self.template + 1) % n;
                self.changed(sh);
            }
            Some(Act::Issue) => self.issue(sh),
            Some(Act::App) => return Flow::Pass,
            Some(Act::Back) => {
                if self.form.esc_leaves() {
                    return Flow::Pass;
                }
                sh.info(sh.tx(Tx::EscAgainDiscards));
            }
            Some(Act::Form) | None => match self.form.key(&key) {
                FormKey::Submit => self.preview(sh),
                FormKey::Edited => self.changed(sh),
                FormKey::Moved => {}
                FormKey::NotMine => return Flow::Pass,
            },
        }
        Flow::Stay
    }

    fn typing(&self) -> bool {
        true
    }

    fn reply(&mut self, sh: &mut Shared, r: &Reply) -> Option<Flow> {
        let Reply::Bulk { ticket, result } = r else {
            return None;
        };
        if *ticket != self.ticket {
            return None;
        }
        match result {
            Ok(answer) if self.issuing => {
                self.issued = Some(answer.clone());
                sh.message = None;
                if let Some(text) = self.said(sh) {
                    sh.ok(text);
                }
            }
            Ok(answer) => {
                if let Ok(request) = self.request(sh) {
                    self.previewed = Some((request, answer.clone()));
                }
                sh.message = None;
                if let Some(text) = self.said(sh) {
                    sh.info(text);
                }
            }
            Err(e) => sh.error(e.message(sh.lang())),
        }
        Some(Flow::Stay)
    }

    fn render(&self, f: &mut Frame, area: Rect, sh: &Shared, _keys: &[KeyHelp]) {
        let lang = sh.lang();
        let theme = sh.theme();
        let inner = crate::chrome::margins(crate::chrome::panel(f, area, sh, Tx::BulkTitle));
        if inner.height < 6 {
            return;
        }
        let fw = self.form.label_width(lang).max(
            [Tx::BulkAudience, Tx::Template]
                .iter()
                .map(|t| crate::text::width(t.get(lang)) as u16 + 2)
                .max()
                .unwrap_or(0),
        );
        let row = |label: Tx, value: String, key: &str| {
            Line::from(vec![
                Span::styled(
                    crate::text::pad_right(label.get(lang), fw as usize),
                    theme.label(),
                ),
                Span::raw(format!("{value} ({key})")),
            ])
        };
        let template = self
            .template_id(sh)
            .map(|(id, name)| format!("{name} [{id}]"))
            .unwrap_or_default();
        f.render_widget(
            Paragraph::new(vec![
                row(
                    Tx::BulkAudience,
                    self.kind.name().get(lang).to_string(),
                    "F2",
                ),
                row(Tx::Template, template, "F3"),
            ]),
            Rect::new(inner.x, inner.y, inner.width, 2),
        );
        self.form.render_with(
            f,
            Rect::new(inner.x, inner.y + 2, inner.width.min(60), 2),
            fw,
            theme,
            lang,
            true,
        );
        let mut lines = vec![
            Line::from(""),
            Line::from(Span::styled(Tx::BulkHint.get(lang), theme.muted())),
        ];
        if let Some(text) = self.said(sh) {
            lines.push(Line::from(""));
            lines.push(Line::from(text));
        }
        f.render_widget(
            Paragraph::new(lines).wrap(Wrap { trim: true }),
            Rect::new(
                inner.x,
                inner.y + 4,
                inner.width,
                inner.height.saturating_sub(4),
            ),
        );
    }

    fn keys(&self, _sh: &Shared) -> Option<Vec<KeyHelp>> {
        Some(keymap::all(KEYS))
    }
}
