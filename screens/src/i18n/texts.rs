//! The fixed texts, in zh-CN and en: one row per text.

use carddesk_model::Lang;

macro_rules! texts {
    ($($name:ident => $zh:literal, $en:literal;)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Tx { $($name),* }

        impl Tx {
            pub fn get(self, lang: Lang) -> &'static str {
                match self { $(Tx::$name => lang.pick($zh, $en)),* }
            }
        }
    };
}

texts! {
    // chrome
    AppName => "会员卡前台", "carddesk";
    NotLoggedIn => "未登录", "not logged in";
    ScannerWedge => "扫码:键盘", "scan:kbd";
    ScannerReady => "扫码:就绪", "scan:ok";
    ScannerDown => "扫码:断开", "scan:down";
    ReaderOff => "读卡:关", "card:off";
    ReaderNone => "读卡:无", "card:none";
    ReaderReady => "读卡:就绪", "card:ok";
    ReaderDown => "读卡:故障", "card:down";
    Standalone => "单机", "standalone";
    Offline => "离线", "offline";
    Online => "在线", "online";
    SyncConnecting => "连接中心...", "hub: connecting";
    Working => "处理中...", "working...";
    // keys
    KHelp => "帮助", "help";
    KBack => "返回", "back";
    KQuit => "退出", "quit";
    KNext => "下一项", "next";
    KPrev => "上一项", "prev";
    KLogin => "登录", "log in";
    KFind => "查找", "find";
    KChoose => "选择", "choose";
    KOpen => "打开", "open";
    KClear => "清空", "clear";
    KRegister => "新会员", "register";
    KCheckout => "结算", "checkout";
    KTopUp => "充值", "top-up";
    KStay => "入住积分", "stay";
    KEdit => "编辑", "edit";
    KCards => "卡/挂失", "cards";
    KJournal => "流水", "journal";
    KFreeze => "冻结", "freeze";
    KUnfreeze => "解冻", "unfreeze";
    KLogout => "注销", "log out";
    KSave => "保存", "save";
    KPreview => "预览", "preview";
    KConfirm => "确认入账", "confirm";
    KTender => "付款方式", "tender";
    KPoints => "用积分", "points";
    KStored => "用储值", "stored value";
    KGender => "性别", "gender";
    KLost => "挂失", "lost";
    KReplace => "补卡", "replace";
    KBind => "绑定", "bind";
    KKind => "类型", "kind";
    KScroll => "翻页", "page";
    KScan => "扫码", "scan";
    // login
    LoginTitle => "操作员登录", "Operator log in";
    SetupTitle => "首次使用：创建管理员", "First run: create the administrator";
    SetupHint => "数据库中还没有操作员。请创建管理员账号。", "No operator exists yet. Create the administrator.";
    OperatorId => "工号", "Operator id";
    OperatorName => "姓名", "Name";
    Pin => "密码", "PIN";
    PinAgain => "再次输入密码", "PIN again";
    PinsDiffer => "两次输入的密码不同", "The two PINs differ";
    PinTooShort => "密码应为4到12位数字", "A PIN is 4 to 12 digits";
    AdminPinTooShort => "管理员密码应为6到12位数字", "An administrator's PIN is 6 to 12 digits";
    FillAll => "请填写所有项", "Fill in every field";
    Checking => "正在打开账本...", "Opening the book...";
    // home
    HomeTitle => "查找会员", "Find a member";
    HomePrompt => "刷卡/扫码，或输入手机号、后4位、会员号、姓名", "Scan, or type a phone, its last 4 digits, a member no. or a name";
    Results => "查找结果", "Matches";
    Welcome => "欢迎", "Welcome";
    // member
    MemberNo => "会员号", "Member no.";
    Name => "姓名", "Name";
    Phone => "手机", "Phone";
    Gender => "性别", "Gender";
    Birthday => "生日", "Birthday";
    BirthdayFlag => "生日", "birthday";
    IdDoc => "证件号", "ID doc.";
    Tier => "等级", "Tier";
    Status => "状态", "Status";
    Outlet => "门店", "Outlet";
    Registered => "注册", "Registered";
    Notes => "备注", "Notes";
    Referrer => "推荐人", "Referrer";
    Credentials => "卡/凭证", "Cards";
    Account => "账户", "Account";
    Points => "积分", "Points";
    Principal => "储值本金", "Principal";
    Bonus => "赠送余额", "Bonus";
    CountCards => "计次卡", "Count cards";
    Coupons => "优惠券", "Coupons";
    None_ => "无", "none";
    Recent => "最近流水", "Recent entries";
    Active => "正常", "active";
    Frozen => "冻结", "frozen";
    Lost => "已挂失", "lost";
    Replaced => "已更换", "replaced";
    Female => "女", "female";
    Male => "男", "male";
    OtherGender => "其他", "other";
    KindCard => "芯片卡", "card";
    KindCode => "条码", "code";
    KindPhone => "手机", "phone";
    KindIdDoc => "证件", "ID doc";
    // forms
    RegisterTitle => "新会员登记", "Register a member";
    EditTitle => "编辑会员资料", "Edit member";
    CardOrCode => "卡号/条码", "Card or code";
    FormHint => "Tab/方向键换项，在最后一项按 Enter 保存", "Tab/Down: next field; Enter on the last one saves";
    NameRequired => "请填写姓名", "A name is required";
    BadDate => "日期格式为 1988-03-04", "A date is like 1988-03-04";
    NothingChanged => "没有修改", "Nothing changed";
    Saved => "已保存", "Saved";
    // cards
    CardsTitle => "卡/凭证：挂失、补卡、绑定", "Cards: report lost, replace, bind";
    ConfirmLost => "确认挂失此凭证？挂失后永久失效。", "Report this credential lost? It stops working for good.";
    NewValue => "新卡号/条码", "New card or code";
    ReplaceTitle => "补卡", "Replace";
    BindTitle => "绑定新凭证", "Bind a credential";
    Kind => "类型", "Kind";
    Value => "号码", "Value";
    ScanToFill => "可直接刷卡或扫码", "present a card or scan to fill";
    // journal
    JournalTitle => "流水", "Journal";
    Time => "时间", "Time";
    KindCol => "业务", "Kind";
    EntryCol => "流水号", "Entry";
    OperatorCol => "操作员", "Operator";
    Detail => "明细", "Detail";
    ReversalOf => "冲正", "reverses";
    Loading => "加载中...", "loading...";
    NoEntries => "没有流水", "no entries";
    // money
    TopUpTitle => "储值充值", "Top-up";
    CheckoutTitle => "消费结算", "Checkout";
    StayTitle => "入住积分", "Stay posting";
    Amount => "金额", "Amount";
    Tender => "付款方式", "Tender";
    Bill => "消费金额", "Bill";
    BillRef => "单号", "Bill ref.";
    CouponCode => "优惠券码", "Coupon code";
    UsePoints => "积分抵扣", "Use points";
    UseStored => "储值支付", "Use stored value";
    MemberPin => "会员支付密码", "Member PIN";
    Nights => "间夜数", "Nights";
    RoomRevenue => "房费", "Room revenue";
    FolioRef => "账单号", "Folio ref.";
    Yes => "是", "yes";
    No => "否", "no";
    Cash => "现金", "cash";
    BankCard => "银行卡", "bank card";
    OtherTender => "其他", "other";
    QuoteTitle => "将要入账（请核对）", "About to post (check it)";
    Before => "之前", "before";
    After => "之后", "after";
    PressF12 => "按 F12 确认入账，Esc 返回修改", "F12 posts it; Esc goes back to change it";
    EnterForPreview => "Enter 预览，核对后按 F12 入账", "Enter shows what will happen; F12 then posts it";
    Posted => "已入账", "Posted";
    AlreadyPosted => "已入账（重复提交未再次入账）", "Posted (the repeat was not posted again)";
    NoMember => "请先刷卡或扫码会员", "Scan or present the member's card first";
    AmountInvalid => "请输入大于0的金额（最多两位小数）", "Enter an amount above 0 (at most 2 decimals)";
    NightsInvalid => "间夜数应为1到365", "Nights are 1 to 365";
    PinNeeded => "此金额需要会员支付密码", "This amount needs the member's PIN";
    AnyKeyBack => "Enter/Esc 返回会员页", "Enter/Esc: back to the member";
    // dialogs
    QuitAsk => "退出会员卡前台？", "Quit carddesk?";
    EscAgainDiscards => "已输入的内容未保存：再按 Esc 放弃，其他键继续填写", "What you typed is not saved: Esc again discards it, any other key goes on";
    MemberKept => "会员未更换", "The member on the form is kept";
    FrozenBanner => "■ 已冻结：不能消费、充值或积分", "■ FROZEN: no checkout, top-up or points";
    NoShiftFlag => "未开班", "no shift";
    NoShiftAsk => "未开班：这笔款项不计入任何班次报表。再按 F12 仍入账，或 Esc 后在主页按 F6、O 开班", "No shift is open: this money will be in no shift report. F12 again posts anyway, or Esc and open one (F6, then O, on home)";
    QuitUnsaved => "屏幕上未入账的操作将丢失", "Unposted work on screen will be lost";
    FreezeTitle => "冻结会员", "Freeze member";
    UnfreezeTitle => "解冻会员", "Unfreeze member";
    Reason => "原因", "Reason";
    ReasonRequired => "请填写原因", "A reason is required";
    F12Confirm => "F12 确认，Esc 取消", "F12 confirms, Esc cancels";
    HelpTitle => "按键说明", "Keys";
    BusyWait => "上一笔正在处理，请稍候", "The last request is still being processed";
    FinishFirst => "请先完成或按 Esc 取消当前对话框", "Finish or Esc the open dialog first";
    WorkerGone => "后台已停止，请查看日志后重新启动", "The book worker stopped; see the log and restart";
    // supervisor approval
    ApprovalTitle => "主管授权", "Supervisor approval";
    ApprovalHint => "此操作需主管在场输入工号和密码", "A supervisor enters their id and PIN for this step";
    SupervisorId => "主管工号", "Supervisor id";
    ApprovedByText => "授权主管", "Approved by";
    NeedsApproval => "此操作需要主管授权", "This step needs a supervisor's approval";
    KApprove => "授权", "approve";
    // tasks
    RefundTitle => "储值退款（仅退本金）", "Refund stored value (principal only)";
    AdjustTitle => "积分调整", "Adjust points";
    GiftTitle => "积分兑礼", "Redeem a gift for points";
    ConvertTitle => "积分转换", "Convert points";
    Gift => "礼品", "Gift";
    ConvertInto => "转换为", "Into";
    IntoStoredValue => "储值（赠送余额）", "stored value (bonus)";
    PointsDelta => "积分（可为负）", "Points (+/-)";
    PointsInvalid => "请输入非零整数积分", "Enter a whole number of points, not 0";
    KRefund => "退款", "refund";
    KAdjust => "调积分", "adjust points";
    KGift => "兑礼", "gift";
    KConvert => "积分转换", "convert points";
    CouponHint => "可直接扫码填入券码；Enter 预览，核对后按 F12 入账", "Scan to fill the code; Enter shows what will happen; F12 then posts it";
    ReverseTitle => "冲正", "Reverse an entry";
    SellCardTitle => "售计次卡", "Sell a count card";
    UseCardTitle => "使用计次卡", "Use a count card";
    IssueCouponTitle => "发放优惠券", "Issue a coupon";
    RedeemCouponTitle => "核销优惠券（兑换礼品）", "Redeem a coupon (free item)";
    VoidCouponTitle => "作废优惠券", "Void a coupon";
    OpenShiftTitle => "开班", "Open the shift";
    CloseShiftTitle => "交班", "Close the shift";
    AddOperatorTitle => "新增操作员", "Add an operator";
    Package => "套餐", "Package";
    CountCard => "计次卡", "Count card";
    Uses => "次数", "Uses";
    Template => "券类型", "Template";
    Entry => "流水", "Entry";
    Float => "备用金", "Float";
    CountedCash => "实点现金", "Counted cash";
    Role => "角色", "Role";
    RoleCashier => "收银员", "cashier";
    RoleSupervisor => "主管", "supervisor";
    RoleAdmin => "管理员", "admin";
    NothingToChoose => "没有可选项", "nothing to choose from";
    UsesInvalid => "次数应为1到100", "Uses are 1 to 100";
    CodeRequired => "请输入或扫描券码", "Type or scan the coupon code";
    AdminOnly => "仅管理员可用", "Administrators only";
    KChange => "切换", "change";
    KReverse => "冲正", "reverse";
    KFilter => "筛选", "filter";
    KOlder => "更早", "older";
    KSellCard => "售计次卡", "sell card";
    KUseCard => "用计次卡", "use card";
    KIssueCoupon => "发券", "issue coupon";
    KVoidCoupon => "作废券", "void coupon";
    KRedeemCoupon => "核销券", "redeem coupon";
    KShift => "交班/日结", "shift";
    KOperators => "操作员", "operators";
    KOpenShift => "开班", "open shift";
    KCloseShift => "交班", "close shift";
    KXReport => "班次报表", "X report";
    KDayReport => "日结", "day close";
    KPrint => "打印", "print";
    KUnlock => "解锁", "unlock";
    KApply => "应用", "apply";
    KRefresh => "刷新", "refresh";
    // journal filters
    AllEntries => "全部流水", "all entries";
    FilterTitle => "筛选流水（Enter 应用，Esc 取消）", "Filter (Enter applies, Esc cancels)";
    FilterOperator => "操作员", "Operator";
    FilterMember => "会员号", "Member no.";
    FilterKind => "业务", "Kind";
    FilterFrom => "从（日期）", "From (date)";
    FilterTo => "到（日期）", "To (date)";
    NoFilter => "不限", "any";
    ApprovedBy => "授权", "approved by";
    // shifts and reports
    ShiftTitle => "班次与日结", "Shift and day close";
    XReportTitle => "班次报表（未交班）", "Shift report (X, shift open)";
    ZReportTitle => "交班报表", "Shift report (closed)";
    DayTitle => "日结报表", "Day close";
    NoShift => "当前没有未交班的班次。按 O 开班。", "No shift is open. O opens one.";
    ShiftOpenAlready => "班次已开，请先交班", "A shift is open: close it first";
    // idle lock
    LockedTitle => "屏幕已锁定", "Screen locked";
    LockedHint => "空闲时间过长，请输入本人密码解锁（F4 注销）", "Idle too long: your PIN unlocks (F4 logs out)";
    Locked => "屏幕已锁定", "The screen is locked";
    Unlocked => "已解锁", "Unlocked";
    OtherOperator => "只能由锁屏前的操作员解锁，或按 F4 注销", "Only the same operator unlocks; F4 logs out";
    LockedNowHint => "已手动锁屏，请输入本人密码解锁（F4 注销）", "Locked: your PIN unlocks (F4 logs out)";
    KLockNow => "锁屏", "lock";
    KFields => "切换输入项", "move between fields";
    KFirstLast => "第一项/最后一项", "first / last";
    KClose => "关闭", "close";
    KSwitchMember => "换成此会员", "switch member";
    KCancel => "取消", "cancel";
    HelpAnywhere => "任意界面：", "Anywhere: ";
    HelpScan => "扫码即查找", "a scan looks up";
    // back office
    KOffice => "后台", "back office";
    OfficeTitle => "后台管理", "Back office";
    OfficeHint => "按字母键，或用上下键选择后按 Enter", "Press the letter, or Up/Down and Enter";
    OfficeReports => "报表（班次、日结、负债、优惠券、等级、会员）", "Reports (shift, day, liabilities, coupons, tiers, members)";
    OfficeVerify => "账本校验（哈希链与数据表）", "Verify the book (hash chains and tables)";
    OfficeOperators => "操作员管理（新增、停用/启用、改密码）", "Operators (add, switch off/on, PIN)";
    OfficeMyPin => "修改我的密码", "Change my PIN";
    OfficeLock => "立即锁屏（任意界面 Ctrl-L 或 F11）", "Lock the screen now (Ctrl-L or F11 anywhere)";
    SupervisorOnly => "仅主管和管理员可用", "Supervisors and admins only";
    // operators
    OperatorsTitle => "操作员", "Operators";
    OpActive => "启用", "active";
    OpOff => "已停用", "off";
    SetOffTitle => "停用操作员", "Switch an operator off";
    SetOnTitle => "启用操作员", "Switch an operator back on";
    ChangePinTitle => "修改操作员密码", "Change an operator's PIN";
    MyPinTitle => "修改我的密码", "Change my PIN";
    NewPin => "新密码", "New PIN";
    NotYourself => "不能停用自己", "You cannot switch yourself off";
    KAdd => "新增", "add";
    KOnOff => "停用/启用", "off/on";
    KNewPin => "改密码", "new PIN";
    KMyPin => "改我的密码", "my PIN";
    // verify
    VerifyTitle => "账本校验", "Verify the book";
    VerifyRunning => "正在校验全部流水和数据表...（大账本需要几秒钟；可按 Esc 离开）", "checking every entry and table... (a big book takes seconds; Esc leaves)";
    VerifyEntries => "流水条数", "Journal entries";
    VerifyRows => "核对行数", "Rows checked";
    VerifyTerminals => "终端（最新序号）", "Terminals (sequence tip)";
    VerifyClean => "所有哈希链和数据表均已核对无误", "all chains and tables verified";
    VerifyProblems => "发现问题", "Problems";
    VerifyFailed => "账本校验未通过", "The book failed verification";
    KVerifyAgain => "重新校验", "check again";
    KReports => "报表", "reports";
    KVerify => "校验", "verify";
    // reports
    ReportsTitle => "报表", "Reports";
    ReportKindLabel => "报表", "Report";
    FromDate => "从（日期）", "From (date)";
    ToDate => "到（日期）", "To (date)";
    ReportHint => "F2 换报表；日期留空为今天；Enter 生成；P 保存为文本", "F2 next report; empty dates: today; Enter runs it; P saves it";
    NoReport => "请先按 Enter 生成报表", "Run a report first (Enter)";
    BadRange => "结束日期应不早于开始日期，且最多相隔一年", "The last day must not be before the first, and at most a year after it";
    Nothing => "（无记录）", "(nothing)";
    KRun => "生成", "run";
    // conflicts
    OfficeConflicts => "同步冲突（离线时多处消费同一余额/券，主管处理）", "Sync conflicts (one balance or coupon spent twice while apart)";
    KConflicts => "冲突", "conflicts";
    KSettle => "处理", "settle";
    ConflictsTitle => "同步冲突", "Sync conflicts";
    ConflictLabel => "冲突", "Conflict";
    NoConflicts => "没有同步冲突", "no sync conflicts";
    AssetCol => "对象", "Asset";
    ConflictOpen => "待处理", "open";
    Causes => "起因", "Caused by";
    SettledBy => "处理流水", "Settled by";
    Raised => "发生", "Raised";
    SettleTitle => "处理冲突", "Settle a conflict";
    Resolution => "处理方式", "Resolution";
    ResAccepted => "接受现状", "accepted";
    ResCollected => "收回欠款", "collected";
    ResWrittenOff => "坏账核销", "written off";
    SettleNote => "处理说明", "Note";
    NoteRequired => "请填写处理说明", "A note is required";
    SettleHint => "F2 处理方式：接受现状、收回欠款（F3 付款方式）或坏账核销；金额默认为所记欠款。Enter 预览，F12 入账（需连接中心）", "F2: accepted, collected (F3 tender) or written off; the amount defaults to the booked debt. Enter previews, F12 posts (needs the hub)";
    AlreadySettled => "此冲突已处理", "This conflict is settled already";
    Debt => "欠款", "Debt";
    OfflineTag => "离线", "offline";
    HubOperator => "中心", "hub";
    KReport => "换报表", "report";
    KPages => "翻页", "page";
    ReversedMark => "已冲正", "reversed";
    StoredTotal => "储值合计", "Stored total";
    TierDiscount => "会员折扣", "Discount";
    Benefits => "等级权益", "Benefits";
    CjkFallback => "此终端不能显示中文，已改用英文（fbterm/kmscon 下可设 ui.cjk_console = true）", "This console cannot draw Chinese: English instead (under fbterm/kmscon set ui.cjk_console = true)";
    // checkout: coupons picked from the member's, cash received and change
    KCoupons => "选券", "coupons";
    MemberCoupons => "会员券", "Coupons";
    CashReceived => "实收现金", "Cash received";
    ChangeDue => "找零", "Change";
    CashShort => "现金不足", "Cash short by";
    // a checkout begun with no member finds one by what is typed
    FindMemberField => "查会员(上键)", "Member (Up)";
}
