# Two commands do everything (see README): `make build` and `make test`.
# Both run the set-up first; it installs only what is missing.

VENV := .venv
PY := $(VENV)/bin/python
DANVAN := $(VENV)/bin/danvan

.PHONY: setup build test check kiem-tra serve moi chuan-hoa bench clean ban-tin cms bien-tap

setup:
	@bash scripts/setup.sh

## Dựng website (và bản tin) vào site/ từ nội dung trong content/.
build: setup
	@$(DANVAN) build

## Chạy toàn bộ bộ kiểm thử (đơn vị, dựng trang, nginx, trình duyệt).
test: setup
	@$(PY) -m pytest

## Chỉ dựng các số bản tin (PDF) vào .cache/bulletins/ và build/in-an/.
ban-tin: setup
	@$(DANVAN) ban-tin

## Kiểm tra nội dung, báo mọi lỗi bằng tiếng Việt.
check kiem-tra: setup
	@$(DANVAN) check

## Xem trước trực tiếp: http://127.0.0.1:8000 (trình biên tập trên web: /admin/)
serve: setup
	@$(DANVAN) serve

## Bản cho người biên tập (có trình biên tập /admin/) vào site-bien-tap/, không vào site/.
bien-tap: setup
	@$(DANVAN) build --bien-tap

## Sinh lại cấu hình trình biên tập admin/config.yml từ các schema.
cms: setup
	@$(DANVAN) cms

## Tạo bài mới: make moi LOAI=tin-tuc TIEU_DE="Tiêu đề bài"
moi: setup
	@$(DANVAN) new "$(LOAI)" "$(TIEU_DE)"

## Chuyển mọi tệp nội dung về Unicode NFC.
chuan-hoa: setup
	@$(DANVAN) chuan-hoa

## Đo hiệu năng: dựng trang (N=1000 và 5000), bản tin, theo dõi chỉ tiêu (200 đơn vị × 5 năm),
## xem trước (lưu → trình duyệt, mẫu và 5000 bài).
bench: setup
	@$(PY) -m danvan.bench
	@$(PY) -m danvan.bulletin.bench
	@$(PY) -m danvan.programme.bench
	@$(PY) -m danvan.preview_bench

clean:
	rm -rf site .site.* site-bien-tap .site-bien-tap.* build tests/artifacts
