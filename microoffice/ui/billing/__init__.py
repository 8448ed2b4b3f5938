"""Billing: invoice runs, issued invoices, payments and arrears, rate cards, fee statements."""
