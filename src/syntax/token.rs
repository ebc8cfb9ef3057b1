//! The C token kinds, recognised by a logos lexer.
//!
//! The same enum serves the preprocessor (which sees keywords as names it may define) and
//! the parser (which also needs [`Tok::TypeName`], produced by `typenames`, never by logos).

use logos::Logos;

#[derive(Logos, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[logos(skip r"[ \t\x0B\x0C\r]+")]
#[logos(skip r"\\\r?\n")]
#[logos(skip(r"//[^\n]*", allow_greedy = true))]
#[logos(skip r"/\*([^*]|\*+[^*/])*\*+/")]
pub enum Tok {
    #[token("\n")]
    Newline,

    #[regex(r"/\*([^*]|\*+[^*/])*\**", priority = 0)]
    UnterminatedComment,
    #[regex(r#"(L|u|U|u8)?"([^"\\\n]|\\[^\n])*"#, priority = 0)]
    UnterminatedString,
    #[regex(r#"(L|u|U|u8)?'([^'\\\n]|\\[^\n])*"#, priority = 0)]
    UnterminatedChar,

    #[regex(r"[A-Za-z_][A-Za-z0-9_]*")]
    Ident,
    /// An identifier that names a typedef in scope (set by `typenames`, never lexed).
    TypeName,
    #[regex(r"\.?[0-9]([0-9A-Za-z_.]|[eEpP][+-])*")]
    Number,
    #[regex(r#"(L|u|U|u8)?'([^'\\\n]|\\[^\n])*'"#)]
    CharLit,
    #[regex(r#"(L|u|U|u8)?"([^"\\\n]|\\[^\n])*""#)]
    StrLit,

    // Keywords.
    #[token("auto")]
    Auto,
    #[token("break")]
    Break,
    #[token("case")]
    Case,
    #[token("char")]
    Char,
    #[token("const")]
    Const,
    #[token("continue")]
    Continue,
    #[token("default")]
    Default,
    #[token("do")]
    Do,
    #[token("double")]
    Double,
    #[token("else")]
    Else,
    #[token("enum")]
    Enum,
    #[token("extern")]
    Extern,
    #[token("float")]
    Float,
    #[token("for")]
    For,
    #[token("goto")]
    Goto,
    #[token("if")]
    If,
    #[token("inline")]
    #[token("__inline")]
    #[token("__inline__")]
    Inline,
    #[token("int")]
    Int,
    #[token("long")]
    Long,
    #[token("register")]
    Register,
    #[token("restrict")]
    #[token("__restrict")]
    #[token("__restrict__")]
    Restrict,
    #[token("return")]
    Return,
    #[token("short")]
    Short,
    #[token("signed")]
    #[token("__signed__")]
    Signed,
    #[token("sizeof")]
    Sizeof,
    #[token("static")]
    Static,
    #[token("struct")]
    Struct,
    #[token("switch")]
    Switch,
    #[token("typedef")]
    Typedef,
    #[token("union")]
    Union,
    #[token("unsigned")]
    Unsigned,
    #[token("void")]
    Void,
    #[token("volatile")]
    #[token("__volatile__")]
    Volatile,
    #[token("while")]
    While,
    #[token("_Bool")]
    Bool,
    #[token("_Alignof")]
    #[token("__alignof__")]
    Alignof,
    #[token("_Alignas")]
    Alignas,
    #[token("_Static_assert")]
    StaticAssert,
    #[token("_Noreturn")]
    Noreturn,
    #[token("_Generic")]
    Generic,
    #[token("_Complex")]
    Complex,
    #[token("_Thread_local")]
    #[token("__thread")]
    ThreadLocal,
    #[token("_Atomic")]
    Atomic,
    #[token("__attribute__")]
    Attribute,
    /// A packed struct or union: what `__attribute__((packed))` and `#pragma pack(N)`
    /// become (its text is the largest alignment its members keep: `1`, or N).
    #[token("__cmem_packed")]
    Packed,
    /// What `__attribute__((aligned(N)))` becomes on a struct or union (after `struct`,
    /// `union` or the body's `}`); its text is N.
    #[token("__cmem_record_aligned")]
    RecordAligned,
    /// What `__attribute__((aligned(N)))` becomes on a declaration (among its specifiers
    /// or after a declarator); its text is N, or `packed` for `__attribute__((packed))` on
    /// a member (alignment 1).
    #[token("__cmem_aligned")]
    Aligned,
    /// An `Aligned` after a declarator (the typedef-name pass tells the two places apart:
    /// the grammar could not, where a K&R parameter declaration may follow).
    AlignedAfter,
    #[token("__asm__")]
    #[token("asm")]
    Asm,
    #[token("__typeof__")]
    #[token("typeof")]
    Typeof,
    #[token("__builtin_va_start")]
    VaStart,
    #[token("__builtin_va_arg")]
    VaArg,

    // Punctuators.
    #[token("{")]
    #[token("<%")]
    LBrace,
    #[token("}")]
    #[token("%>")]
    RBrace,
    #[token("(")]
    LParen,
    #[token(")")]
    RParen,
    #[token("[")]
    #[token("<:")]
    LBracket,
    #[token("]")]
    #[token(":>")]
    RBracket,
    #[token(";")]
    Semi,
    #[token(",")]
    Comma,
    #[token(".")]
    Dot,
    #[token("->")]
    Arrow,
    #[token("...")]
    Ellipsis,
    #[token("?")]
    Question,
    #[token(":")]
    Colon,
    #[token("~")]
    Tilde,
    #[token("!")]
    Bang,
    #[token("=")]
    Assign,
    #[token("==")]
    EqEq,
    #[token("!=")]
    NotEq,
    #[token("<")]
    Lt,
    #[token(">")]
    Gt,
    #[token("<=")]
    Le,
    #[token(">=")]
    Ge,
    #[token("+")]
    Plus,
    #[token("-")]
    Minus,
    #[token("*")]
    Star,
    #[token("/")]
    Slash,
    #[token("%")]
    Percent,
    #[token("&")]
    Amp,
    #[token("|")]
    Pipe,
    #[token("^")]
    Caret,
    #[token("<<")]
    Shl,
    #[token(">>")]
    Shr,
    #[token("&&")]
    AndAnd,
    #[token("||")]
    OrOr,
    #[token("++")]
    PlusPlus,
    #[token("--")]
    MinusMinus,
    #[token("+=")]
    PlusAssign,
    #[token("-=")]
    MinusAssign,
    #[token("*=")]
    StarAssign,
    #[token("/=")]
    SlashAssign,
    #[token("%=")]
    PercentAssign,
    #[token("&=")]
    AmpAssign,
    #[token("|=")]
    PipeAssign,
    #[token("^=")]
    CaretAssign,
    #[token("<<=")]
    ShlAssign,
    #[token(">>=")]
    ShrAssign,
    #[token("#")]
    #[token("%:")]
    Hash,
    #[token("##")]
    #[token("%:%:")]
    HashHash,
}

impl Tok {
    /// Keywords and identifiers: what the preprocessor treats as names.
    pub fn is_name(self) -> bool {
        self == Tok::Ident || self.is_keyword()
    }

    pub fn is_keyword(self) -> bool {
        use Tok::*;
        matches!(
            self,
            Auto | Break
                | Case
                | Char
                | Const
                | Continue
                | Default
                | Do
                | Double
                | Else
                | Enum
                | Extern
                | Float
                | For
                | Goto
                | If
                | Inline
                | Int
                | Long
                | Register
                | Restrict
                | Return
                | Short
                | Signed
                | Sizeof
                | Static
                | Struct
                | Switch
                | Typedef
                | Union
                | Unsigned
                | Void
                | Volatile
                | While
                | Bool
                | Alignof
                | Alignas
                | StaticAssert
                | Noreturn
                | Generic
                | Complex
                | ThreadLocal
                | Atomic
                | Attribute
                | Asm
                | Typeof
                | VaStart
                | VaArg
        )
    }

    /// How a token kind is named in "expected ..." messages.
    pub fn describe(self) -> &'static str {
        use Tok::*;
        match self {
            Newline => "end of line",
            UnterminatedComment => "unterminated comment",
            UnterminatedString => "unterminated string",
            UnterminatedChar => "unterminated character constant",
            Ident => "identifier",
            TypeName => "type name",
            Number => "number",
            CharLit => "character constant",
            StrLit => "string literal",
            Auto => "`auto`",
            Break => "`break`",
            Case => "`case`",
            Char => "`char`",
            Const => "`const`",
            Continue => "`continue`",
            Default => "`default`",
            Do => "`do`",
            Double => "`double`",
            Else => "`else`",
            Enum => "`enum`",
            Extern => "`extern`",
            Float => "`float`",
            For => "`for`",
            Goto => "`goto`",
            If => "`if`",
            Inline => "`inline`",
            Int => "`int`",
            Long => "`long`",
            Register => "`register`",
            Restrict => "`restrict`",
            Return => "`return`",
            Short => "`short`",
            Signed => "`signed`",
            Sizeof => "`sizeof`",
            VaStart => "`va_start`",
            VaArg => "`va_arg`",
            Static => "`static`",
            Struct => "`struct`",
            Switch => "`switch`",
            Typedef => "`typedef`",
            Union => "`union`",
            Unsigned => "`unsigned`",
            Void => "`void`",
            Volatile => "`volatile`",
            While => "`while`",
            Bool => "`_Bool`",
            Alignof => "`_Alignof`",
            Alignas => "`_Alignas`",
            StaticAssert => "`_Static_assert`",
            Noreturn => "`_Noreturn`",
            Generic => "`_Generic`",
            Complex => "`_Complex`",
            ThreadLocal => "`_Thread_local`",
            Atomic => "`_Atomic`",
            Attribute => "`__attribute__`",
            Packed => "`__attribute__((packed))`",
            RecordAligned | Aligned | AlignedAfter => "`__attribute__((aligned))`",
            Asm => "`asm`",
            Typeof => "`typeof`",
            LBrace => "`{`",
            RBrace => "`}`",
            LParen => "`(`",
            RParen => "`)`",
            LBracket => "`[`",
            RBracket => "`]`",
            Semi => "`;`",
            Comma => "`,`",
            Dot => "`.`",
            Arrow => "`->`",
            Ellipsis => "`...`",
            Question => "`?`",
            Colon => "`:`",
            Tilde => "`~`",
            Bang => "`!`",
            Assign => "`=`",
            EqEq => "`==`",
            NotEq => "`!=`",
            Lt => "`<`",
            Gt => "`>`",
            Le => "`<=`",
            Ge => "`>=`",
            Plus => "`+`",
            Minus => "`-`",
            Star => "`*`",
            Slash => "`/`",
            Percent => "`%`",
            Amp => "`&`",
            Pipe => "`|`",
            Caret => "`^`",
            Shl => "`<<`",
            Shr => "`>>`",
            AndAnd => "`&&`",
            OrOr => "`||`",
            PlusPlus => "`++`",
            MinusMinus => "`--`",
            PlusAssign => "`+=`",
            MinusAssign => "`-=`",
            StarAssign => "`*=`",
            SlashAssign => "`/=`",
            PercentAssign => "`%=`",
            AmpAssign => "`&=`",
            PipeAssign => "`|=`",
            CaretAssign => "`^=`",
            ShlAssign => "`<<=`",
            ShrAssign => "`>>=`",
            Hash => "`#`",
            HashHash => "`##`",
        }
    }
}
