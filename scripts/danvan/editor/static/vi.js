// Decap's Vietnamese texts (decap-cms-locales "vi") lack some of what the editor shows: the
// list widget's "Add …" button, the Markdown toolbar, the media library's buttons… Those are
// added here; a text the locale already has is left as it is. (The "+" of the "new entry"
// button is written as a plain "+": the locale's full-width "＋" is missing from many fonts.)
(function (CMS) {
  var added = {
    auth: {loginWithForgejo: "Đăng nhập bằng Forgejo", loginWithAzure: "Đăng nhập bằng Azure"},
    collection: {
      collectionTop: {viewAs: "Xem dạng", viewAsList: "Danh sách", viewAsGrid: "Lưới",
                      newButton: "+ %{collectionLabel} mới", groupBy: "Nhóm theo"},
      entries: {unpublishedHeader: "Mục chưa công bố"},
      groups: {other: "Khác", negateLabel: "Không %{label}"},
    },
    editor: {
      editorControl: {field: {widgetLabel: "Trường %{widgetLabel}"}},
      editorInterface: {togglePreview: "Bật/tắt xem trước", toggleScrollSync: "Cuộn cùng nhau"},
      editorToolbar: {
        statusInfoTooltipDraft: "Mục đang là bản nháp. Để gửi duyệt, chuyển trạng thái sang "
          + "“Đang duyệt”.",
        statusInfoTooltipInReview: "Mục đang được duyệt, không cần làm gì thêm; vẫn có thể "
          + "sửa tiếp trong lúc chờ.",
      },
      editorWidgets: {
        markdown: {
          bold: "Đậm", italic: "Nghiêng", strikethrough: "Gạch ngang", code: "Mã",
          link: "Liên kết", linkPrompt: "Nhập địa chỉ của liên kết", headings: "Đề mục",
          quote: "Trích dẫn", bulletedList: "Danh sách gạch đầu dòng",
          numberedList: "Danh sách đánh số", addComponent: "Chèn thêm",
          toggleMode: {rich: "Chuyển sang soạn thảo có định dạng",
                       markdown: "Chuyển sang soạn thảo Markdown"},
        },
        image: {chooseMultiple: "Chọn các hình", chooseUrl: "Chèn từ địa chỉ URL",
                replaceUrl: "Thay bằng địa chỉ URL", promptUrl: "Nhập địa chỉ URL của hình",
                addMore: "Thêm hình", removeAll: "Bỏ tất cả hình"},
        file: {chooseMultiple: "Chọn các tệp", chooseUrl: "Chèn từ địa chỉ URL",
               replaceUrl: "Thay bằng địa chỉ URL", promptUrl: "Nhập địa chỉ URL của tệp",
               addMore: "Thêm tệp", removeAll: "Bỏ tất cả tệp"},
        datetime: {setToNow: "Đặt %{fieldLabel} là bây giờ"},
        list: {add: "Thêm %{item}", addType: "Thêm %{item}"},
        object: {expand: "Mở ra", collapse: "Thu gọn"},
      },
    },
    mediaLibrary: {
      mediaLibraryCard: {copy: "Sao chép", copyUrl: "Chép địa chỉ URL",
                         copyPath: "Chép đường dẫn", copyName: "Chép tên", copied: "Đã chép"},
      mediaLibraryModal: {close: "Đóng"},
    },
    ui: {settingsDropdown: {account: "Tài khoản"}},
  };
  var replaced = {collection: {collectionTop: {viewAs: 1, newButton: 1}}};

  function merge(into, from, replace) {
    Object.keys(from).forEach(function (key) {
      if (typeof from[key] === "object") {
        into[key] = merge(Object.assign({}, into[key] || {}), from[key], (replace || {})[key]);
      } else if (into[key] === undefined || (replace && replace[key])) {
        into[key] = from[key];
      }
    });
    return into;
  }

  CMS.registerLocale("vi", merge(Object.assign({}, CMS.getLocale("vi")), added, replaced));
})(window.CMS);
