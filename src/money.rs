//! Amounts of money: stored as whole hundredths of the currency unit.

/// `amount` (in units of its currency) in hundredths, rounded; `None` when it is not a finite amount a
/// 64-bit column can hold.
pub fn cents(amount: f64) -> Option<i64> {
    let cents = (amount * 100.0).round();
    (-9.0e15..=9.0e15).contains(&cents).then_some(cents as i64)
}
