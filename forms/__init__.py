"""The 様式: everything the town prints (PDF) or sends (Excel). Qt-free.

Built from step 3 on (the form engine); models → forms is the only direction of data flow.
"""
